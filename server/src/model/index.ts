// Public entry points of the CUDA program model; other modules import from here, not from the parts.
export { buildProgramModel, buildModelFromText, buildDetachedModel, type BuildOptions } from './build';
export { WorkspaceIndex } from './workspace-index';
export { forgetFunctions, filesWithFunctions } from './function-cache';
export { evaluateConstant, typeBytes } from './evaluate';
export {
  addForms, coefficientOf, constantForm, dependsOnThreadIdx, formMentions, formToString, isConstantForm, mulForms, scaleForm,
  substitute, symbolForm, withLoopStarts,
} from './affine';
export * from './types';
