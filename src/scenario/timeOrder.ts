/**
 * The order steps run in: by `at`, and in array order among steps with the same `at`. Pure;
 * the one definition both validation and the hosts use, so they can never disagree.
 */

/**
 * The steps sorted by time, each with its index in the original array (error paths point at
 * what the user wrote). Array.prototype.sort is stable since ES2019, which gives the
 * same-`at` rule for free.
 */
export function stepsInTimeOrder<S extends { at: number }>(steps: readonly S[]): { step: S; index: number }[] {
  return steps.map((step, index) => ({ step, index })).sort((a, b) => a.step.at - b.step.at);
}
