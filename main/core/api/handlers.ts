import type { MethodName } from '../../../shared/contract/methods.js';
import type { Handlers } from './dispatcher.js';

/** The handlers of one area of the core; ops-core joins the areas into the full set. */
export type AreaHandlers<M extends MethodName> = Pick<Handlers, M>;
