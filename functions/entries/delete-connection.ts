import { createDeleteConnectionHandler } from '../handlers/delete-connection.js';
import { createContainerFromEnvironment } from '../runtime/container.js';

// Lambda entry: the container (and its configuration check) is built once, at cold start.
export const handler = createDeleteConnectionHandler(createContainerFromEnvironment());
