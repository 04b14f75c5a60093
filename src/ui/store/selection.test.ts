// Goal: a hovered request is highlighted in place of the selected one only while the pointer is
// on it, and never replaces the selection. Method: drive the selection store as the timeline's
// pointer does, and read what every view highlights.
import { beforeEach, describe, expect, it } from 'vitest';
import { requestId } from '../../core/ids';
import { focusedRequest, hoverRequest, selectionStore, selectRequest } from './selection';

describe('focusedRequest', () => {
  beforeEach(() => selectionStore.setState({ request: null, hovered: null }));

  it('shows the hovered request over the selected one, and the selection again once the pointer leaves', () => {
    selectRequest(requestId(4));
    expect(focusedRequest(selectionStore.getState())).toBe(4);
    hoverRequest(requestId(9));
    expect(focusedRequest(selectionStore.getState())).toBe(9);
    expect(selectionStore.getState().request).toBe(4);
    hoverRequest(null);
    expect(focusedRequest(selectionStore.getState())).toBe(4);
  });

  it('shows a hovered request with nothing selected, and nothing once the pointer leaves', () => {
    hoverRequest(requestId(2));
    expect(focusedRequest(selectionStore.getState())).toBe(2);
    hoverRequest(null);
    expect(focusedRequest(selectionStore.getState())).toBeNull();
  });

  it('tells the views nothing when the pointer moves over the same request', () => {
    let told = 0;
    const stop = selectionStore.subscribe(() => told++);
    hoverRequest(requestId(2));
    hoverRequest(requestId(2));
    stop();
    expect(told).toBe(1);
  });
});
