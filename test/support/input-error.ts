import { InputError } from '../../src/core/errors.js';

/** Runs `fn`, which must throw an InputError, and returns it so a test can check its code and message. */
export function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}
