// The data table prints numbers with core's formatters (packages/core/src/format.ts, on d3-format): one number
// style for every component. Re-exported here for code that imported them from the table.
export { MISSING_TEXT, formatNumber } from '@tensorlens/core';
