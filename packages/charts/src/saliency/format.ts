/** The largest finite number (≈ 1.8e308): map values whose channel sum overflows are clamped to ± this. */
export const LARGEST_NUMBER = Number.MAX_VALUE;
