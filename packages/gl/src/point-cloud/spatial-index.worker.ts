// The point cloud's spatial index, off the main thread: the handler of spatial-handler.ts behind postMessage.
import { createIndexHandler } from './spatial-handler';
import type { IndexRequest } from './spatial-protocol';

const handle = createIndexHandler((response, transfer = []) => (self as unknown as Worker).postMessage(response, transfer));

self.onmessage = (e: MessageEvent<IndexRequest>) => handle(e.data);
