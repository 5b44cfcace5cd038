// Finds the file-scope items the model is built from, descending only through containers (preprocessor
// conditionals, namespaces, extern "C", templates, class bodies, ERROR recovery nodes) so the cost is
// proportional to the number of top-level items, not to the size of function bodies.
import type { SyntaxNode } from '../parse/grammar';
import { childrenOf, typeOf, textOfMaybe, fieldOf } from './syntax';

export interface FunctionItem {
  node: SyntaxNode;
  /** The enclosing template_declaration, if any (its parameters belong to the function). */
  template?: SyntaxNode;
  /** Class or struct the function is a member of. */
  inClass?: string;
}

export interface TopLevelItems {
  functions: FunctionItem[];
  defines: SyntaxNode[];
  functionDefines: SyntaxNode[];
  includes: SyntaxNode[];
  declarations: SyntaxNode[];
  enums: SyntaxNode[];
}

const CONTAINERS = new Set([
  'translation_unit', 'preproc_if', 'preproc_ifdef', 'preproc_else', 'preproc_elif', 'preproc_elifdef',
  'namespace_definition', 'declaration_list', 'linkage_specification', 'ERROR', 'field_declaration_list',
]);

/** Nesting limit for containers; real code nests a handful, garbage can nest thousands. */
const MAX_DEPTH = 64;

export function collectTopLevel(root: SyntaxNode): TopLevelItems {
  const items: TopLevelItems = { functions: [], defines: [], functionDefines: [], includes: [], declarations: [], enums: [] };
  visit(root, items, undefined, undefined, 0);
  return items;
}

/** A function whose body is cut off (`__global__ void k(float* a) { int i = ...` while typing) parses as one
 *  ERROR node holding the qualifiers, the declarator, `{` and the statements so far. */
function isTruncatedFunction(error: SyntaxNode): boolean {
  const children = childrenOf(error);
  const d = children.findIndex((c) => typeOf(c) === 'function_declarator');
  if (d <= 0 || children.slice(d + 1).findIndex((c) => typeOf(c) === '{') < 0) return false;
  return children.slice(0, d).some((c) => typeOf(c) === 'primitive_type' || typeOf(c) === 'type_identifier' || typeOf(c) === '__global__' || typeOf(c) === '__device__');
}

function visit(node: SyntaxNode, items: TopLevelItems, template: SyntaxNode | undefined, inClass: string | undefined, depth: number): void {
  if (depth > MAX_DEPTH) return;
  for (const child of childrenOf(node)) {
    switch (typeOf(child)) {
      case 'function_definition':
        items.functions.push({ node: child, template, inClass });
        break;
      case 'template_declaration':
        visit(child, items, child, inClass, depth + 1);
        break;
      case 'preproc_def':
        items.defines.push(child);
        break;
      case 'preproc_function_def':
        items.functionDefines.push(child);
        break;
      case 'preproc_include':
        items.includes.push(child);
        break;
      case 'declaration':
        items.declarations.push(child);
        break;
      case 'enum_specifier':
        items.enums.push(child);
        break;
      case 'struct_specifier':
      case 'class_specifier':
      case 'union_specifier': {
        const body = fieldOf(child, 'body');
        if (body) visit(body, items, undefined, textOfMaybe(fieldOf(child, 'name')), depth + 1);
        break;
      }
      case 'linkage_specification': {
        const body = fieldOf(child, 'body');
        if ((!!body && typeOf(body) === 'function_definition')) items.functions.push({ node: body, template, inClass });
        else if (body) visit(body, items, template, inClass, depth + 1);
        break;
      }
      case 'expression_statement':
      case 'type_definition':
        // `typedef struct {...} T;` and `struct S {...};` wrapped as statements in recovery.
        visit(child, items, undefined, inClass, depth + 1);
        break;
      case 'ERROR':
        if (isTruncatedFunction(child)) items.functions.push({ node: child, template, inClass });
        visit(child, items, undefined, inClass, depth + 1);
        break;
      default:
        if (CONTAINERS.has(typeOf(child))) visit(child, items, undefined, inClass, depth + 1);
    }
  }
}
