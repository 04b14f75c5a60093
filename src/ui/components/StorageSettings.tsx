// The nodes' storage settings: IndexedDB transaction durability, the memtable size that
// triggers a flush to an SSTable, and how long a tombstone is kept before a compaction may
// purge it. They apply when a node (re)starts, which the panel says.
import { changeStorage } from '../store/settingsCommands';
import { usePersistence } from '../store/storagePersistence';
import { useCluster } from '../store/useCluster';
import { defaultStorageOptions } from '../../core/storage';

const persistenceWords = {
  asking: 'Asking the browser to keep this site’s storage…',
  granted: 'The browser keeps the nodes’ databases even under storage pressure (persistent storage granted).',
  refused: 'The browser may evict the nodes’ databases under storage pressure: it refused persistent storage.',
  unavailable: 'This browser does not say whether it keeps the nodes’ databases (no navigator.storage.persist).',
} as const;

export function StorageSettings() {
  const storage = useCluster((s) => s.snapshot?.storage);
  const answer = usePersistence((s) => s.answer);
  if (storage === undefined) return null;
  return (
    <fieldset className="settings-storage">
      <legend>Storage (applies when a node starts or restarts)</legend>
      <label>
        Durability{' '}
        <select
          data-testid="settings-durability"
          value={storage.durability}
          onChange={(e) => changeStorage({ ...storage, durability: e.target.value === 'strict' ? 'strict' : 'default' })}
        >
          <option value="default">default (survives a crash of the tab)</option>
          <option value="strict">strict (each commit flushed to the OS disk)</option>
        </select>
      </label>
      <label>
        Memtable flush at (KB){' '}
        <input
          type="number"
          min={1}
          step={1}
          data-testid="settings-memtable-kb"
          value={Math.max(1, Math.round(storage.memtableBytesMax / 1024))}
          onChange={(e) => {
            const kb = Math.round(Number(e.target.value));
            if (Number.isFinite(kb) && kb >= 1) changeStorage({ ...storage, memtableBytesMax: kb * 1024 });
          }}
        />
      </label>
      <label title="A delete's tombstone is kept this long before a compaction may purge it; a replica that has not heard of the delete by then can bring the value back.">
        Tombstone grace (s){' '}
        <input
          type="number"
          min={0}
          step={1}
          data-testid="settings-tombstone-grace-s"
          value={Math.round((storage.tombstoneGraceMs ?? defaultStorageOptions.tombstoneGraceMs) / 1000)}
          onChange={(e) => {
            // An emptied field is not 0 s (Number('') is 0): a grace of 0 purges tombstones at once.
            if (e.target.value.trim() === '') return;
            const s = Math.round(Number(e.target.value));
            if (Number.isFinite(s) && s >= 0) changeStorage({ ...storage, tombstoneGraceMs: s * 1000 });
          }}
        />
      </label>
      <p className={answer === 'refused' ? 'settings-warning' : 'muted'} data-testid="storage-persistence" data-answer={answer}>
        {persistenceWords[answer]}
      </p>
    </fieldset>
  );
}
