/**
 * The runner writes files (results, JUnit, cache entries) with the workspace database's atomic
 * replacement: a temporary file beside the target, renamed over it, so readers see the old
 * content or the new, never a half-written file.
 */
export { writeFileAtomic, type AtomicWriteOptions } from '../../db/atomicWrite';
