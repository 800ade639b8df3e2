/**
 * The free-run build of an actor module: the same source as step mode with
 * its beats compiled away. Step mode needs generators (a thread stops at
 * every beat so the page can show it); a free-running thread never stops
 * between waits, so a generator object per simulated call is pure cost.
 *
 * Rules, applied with the TypeScript compiler API to one source file:
 *   - `ctx.tracing` is `false`; constant conditions fold (`!false`,
 *     `false && x`, `false ? a : b`) and `if` statements on a constant keep
 *     only the branch that runs;
 *   - statements after one that always leaves its block (return, throw,
 *     break, continue) are dropped, so tracing-only tails disappear;
 *   - `yield* g` becomes `g` and `yield x` becomes `x` (the callee is a plain
 *     function now); a statement that is only a beat, `ctx.ev(...)`, goes;
 *   - `ctx.call(frame, body)` becomes `body` (no frames are kept);
 *   - `function*` and `*method` lose their star;
 *   - an inline body that became an immediately called function (the
 *     sources write `ctx.call('fn', (function* () { ... })())` to name a
 *     frame) is inlined: in tail position as a block, as a statement as a
 *     labelled block whose bare returns become breaks;
 *   - import paths are rewritten by the caller's `rewriteImport`.
 * What is left is checked: a beat, a frame or a yield that survived is an
 * error, so the free build never silently carries step mode's costs.
 * `ctx.wait(...)` and `ctx.safe()` stay: the free context implements them as
 * a real Atomics.wait and a pause/stop check (engine/sched/free-actor.ts).
 */
import ts from 'typescript';

/** One thing the checks found, with its line in the source. */
export interface TransformProblem {
  line: number;
  message: string;
}

/** Whether `node` is `ctx.<name>` (the actor context parameter is always called ctx). */
function isCtxMember(node: ts.Node, name?: string): node is ts.PropertyAccessExpression {
  return (
    ts.isPropertyAccessExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'ctx' &&
    (name === undefined || node.name.text === name)
  );
}

/** Whether `node` is a call `ctx.<name>(...)`. */
function isCtxCall(node: ts.Node, name: string): node is ts.CallExpression {
  return ts.isCallExpression(node) && isCtxMember(node.expression, name);
}

/** A boolean literal's value, through parentheses; undefined for anything else. */
function constant(node: ts.Expression): boolean | undefined {
  let e = node;
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
  return undefined;
}

/** Whether control never falls through `s` (so what follows it in the same list cannot run). */
function alwaysLeaves(s: ts.Statement): boolean {
  if (ts.isReturnStatement(s) || ts.isThrowStatement(s) || ts.isBreakStatement(s) || ts.isContinueStatement(s)) return true;
  if (ts.isBlock(s)) return s.statements.some(alwaysLeaves);
  if (ts.isIfStatement(s)) return s.elseStatement !== undefined && alwaysLeaves(s.thenStatement) && alwaysLeaves(s.elseStatement);
  return false;
}

/** Keep statements up to and including the first that always leaves; drop empty ones. */
function reachable(statements: readonly ts.Statement[]): ts.Statement[] {
  const out: ts.Statement[] = [];
  for (const s of statements) {
    if (ts.isEmptyStatement(s)) continue;
    out.push(s);
    if (alwaysLeaves(s)) break;
  }
  return out;
}

/** The body of `(function () { ... })()` (no parameters, no arguments), or undefined. */
function iifeBody(e: ts.Expression | undefined): ts.Block | undefined {
  if (!e || !ts.isCallExpression(e) || e.arguments.length) return undefined;
  let callee: ts.Expression = e.expression;
  while (ts.isParenthesizedExpression(callee)) callee = callee.expression;
  if (!ts.isFunctionExpression(callee) || callee.parameters.length || callee.asteriskToken || callee.name) return undefined;
  return callee.body;
}

/** Whether a body can be inlined: no `this`, `arguments` or hoisted declarations of its own; `bareReturnsOnly` also asks that no return carries a value. */
function inlinable(body: ts.Block, bareReturnsOnly: boolean): boolean {
  let ok = true;
  const walk = (n: ts.Node): void => {
    if (!ok) return;
    if (ts.isFunctionLike(n) && !ts.isArrowFunction(n)) return; // its own this, arguments and returns
    if (n.kind === ts.SyntaxKind.ThisKeyword || (ts.isIdentifier(n) && n.text === 'arguments')) ok = false;
    else if (ts.isFunctionDeclaration(n) || (ts.isVariableDeclarationList(n) && !(n.flags & ts.NodeFlags.BlockScoped))) ok = false;
    else if (ts.isReturnStatement(n) && bareReturnsOnly && n.expression) ok = false;
    if (ts.isArrowFunction(n)) return; // returns inside an arrow are its own
    ts.forEachChild(n, walk);
  };
  body.statements.forEach(walk);
  return ok;
}

/** `body` with each bare `return;` of its own (not of nested functions) turned into `break label;`. */
function returnsToBreaks(body: ts.Block, label: string, context: ts.TransformationContext): ts.Block {
  const f = ts.factory;
  const visit = (n: ts.Node): ts.Node => {
    if (ts.isFunctionLike(n)) return n;
    if (ts.isReturnStatement(n)) return f.createBreakStatement(label);
    return ts.visitEachChild(n, visit, context);
  };
  return ts.visitEachChild(body, visit, context);
}

/** Transform one module's text; `rewriteImport` maps each relative specifier to its new one. */
export function freeBuild(
  fileName: string,
  text: string,
  rewriteImport: (specifier: string) => string,
): { text: string; problems: TransformProblem[] } {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const f = ts.factory;
  let labels = 0;

  const transformer: ts.TransformerFactory<ts.SourceFile> = (context) => {
    const visit = (node: ts.Node): ts.VisitResult<ts.Node | undefined> => {
      // Import and export paths.
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        const spec = f.createStringLiteral(rewriteImport(node.moduleSpecifier.text), true);
        if (ts.isImportDeclaration(node)) return f.updateImportDeclaration(node, node.modifiers, node.importClause, spec, node.attributes);
        return f.updateExportDeclaration(node, node.modifiers, node.isTypeOnly, node.exportClause, spec, node.attributes);
      }

      // ctx.tracing is false in a free run.
      if (isCtxMember(node, 'tracing')) return f.createFalse();

      // Generators become plain functions.
      if (ts.isFunctionDeclaration(node) && node.asteriskToken) {
        const n = ts.visitEachChild(node, visit, context);
        return f.updateFunctionDeclaration(n, n.modifiers, undefined, n.name, n.typeParameters, n.parameters, n.type, n.body);
      }
      if (ts.isFunctionExpression(node) && node.asteriskToken) {
        const n = ts.visitEachChild(node, visit, context);
        return f.updateFunctionExpression(n, n.modifiers, undefined, n.name, n.typeParameters, n.parameters, n.type, n.body);
      }
      if (ts.isMethodDeclaration(node) && node.asteriskToken) {
        const n = ts.visitEachChild(node, visit, context);
        return f.updateMethodDeclaration(n, n.modifiers, undefined, n.name, n.questionToken, n.typeParameters, n.parameters, n.type, n.body);
      }

      // yield* g → g; yield x → x.
      if (ts.isYieldExpression(node)) {
        const inner = node.expression ? (ts.visitNode(node.expression, visit) as ts.Expression) : f.createVoidZero();
        return ts.isParenthesizedExpression(node.parent) || !needsParens(node.parent) ? inner : f.createParenthesizedExpression(inner);
      }

      // ctx.call(frame, body) → body.
      if (isCtxCall(node, 'call') && node.arguments.length === 2) return ts.visitNode(node.arguments[1], visit);

      // Constant folding after the substitutions above.
      if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) {
        const operand = ts.visitNode(node.operand, visit) as ts.Expression;
        const c = constant(operand);
        return c === undefined ? f.updatePrefixUnaryExpression(node, operand) : c ? f.createFalse() : f.createTrue();
      }
      if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
        const left = ts.visitNode(node.left, visit) as ts.Expression;
        const right = ts.visitNode(node.right, visit) as ts.Expression;
        const c = constant(left);
        const and = node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken;
        if (c === undefined) return f.updateBinaryExpression(node, left, node.operatorToken, right);
        // false && x → false; true && x → x; true || x → true; false || x → x.
        return c === !and ? left : right;
      }
      if (ts.isConditionalExpression(node)) {
        const cond = ts.visitNode(node.condition, visit) as ts.Expression;
        const c = constant(cond);
        if (c !== undefined) return ts.visitNode(c ? node.whenTrue : node.whenFalse, visit);
        return f.updateConditionalExpression(node, cond, node.questionToken, ts.visitNode(node.whenTrue, visit) as ts.Expression, node.colonToken, ts.visitNode(node.whenFalse, visit) as ts.Expression);
      }
      if (ts.isParenthesizedExpression(node)) {
        const inner = ts.visitNode(node.expression, visit) as ts.Expression;
        return constant(inner) !== undefined ? inner : f.updateParenthesizedExpression(node, inner);
      }
      if (ts.isIfStatement(node)) {
        const cond = ts.visitNode(node.expression, visit) as ts.Expression;
        const c = constant(cond);
        if (c === true) return ts.visitNode(node.thenStatement, visit);
        if (c === false) return node.elseStatement ? ts.visitNode(node.elseStatement, visit) : f.createEmptyStatement();
        return f.updateIfStatement(
          node,
          cond,
          ts.visitNode(node.thenStatement, visit) as ts.Statement,
          node.elseStatement ? (ts.visitNode(node.elseStatement, visit) as ts.Statement) : undefined,
        );
      }

      // A statement that is only a beat goes.
      if (ts.isExpressionStatement(node)) {
        let e = node.expression;
        if (ts.isYieldExpression(e) && e.expression) e = e.expression;
        if (isCtxCall(e, 'ev')) return f.createEmptyStatement();
      }

      // Statement lists: drop what can no longer run; inline immediately called bodies.
      if (ts.isBlock(node)) {
        const n = ts.visitEachChild(node, visit, context);
        const functionBody = ts.isFunctionLike(node.parent);
        const statements = reachable(n.statements).map((st, i, all) => {
          const tail = functionBody && i === all.length - 1;
          if (tail && ts.isReturnStatement(st)) {
            const body = iifeBody(st.expression);
            // `return (function () { B })()` at the end of a function is B: its returns return, falling off returns undefined.
            if (body && inlinable(body, false)) return body;
          }
          if (ts.isExpressionStatement(st)) {
            const body = iifeBody(st.expression);
            if (body && tail && inlinable(body, true)) return body;
            if (body && inlinable(body, true)) {
              const label = `inline_${++labels}`;
              return f.createLabeledStatement(label, returnsToBreaks(body, label, context));
            }
          }
          return st;
        });
        return f.updateBlock(n, statements);
      }
      if (ts.isCaseClause(node) || ts.isDefaultClause(node)) {
        const n = ts.visitEachChild(node, visit, context);
        return ts.isCaseClause(n) ? f.updateCaseClause(n, n.expression, reachable(n.statements)) : f.updateDefaultClause(n, reachable(n.statements));
      }
      return ts.visitEachChild(node, visit, context);
    };
    return (sf) => ts.visitNode(sf, visit) as ts.SourceFile;
  };

  const result = ts.transform(source, [transformer]);
  const out = result.transformed[0]!;
  const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed, removeComments: false });
  const printed = printer.printFile(out);
  result.dispose();
  return { text: printed, problems: leftovers(fileName, printed) };
}

/** Whether a yield's parent needs its replacement wrapped (a yield binds loosely; most of its replacements do not). */
function needsParens(parent: ts.Node): boolean {
  return ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent) || ts.isCallExpression(parent) || ts.isBinaryExpression(parent);
}

/** What must not survive into the free build: a yield, a generator, a beat, a frame stack. */
function leftovers(fileName: string, text: string): TransformProblem[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const problems: TransformProblem[] = [];
  const at = (n: ts.Node, message: string) => problems.push({ line: sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1, message });
  const walk = (n: ts.Node): void => {
    if (ts.isYieldExpression(n)) at(n, 'a yield survived');
    else if ((ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isMethodDeclaration(n)) && n.asteriskToken) at(n, 'a generator survived');
    else if (isCtxMember(n, 'ev')) at(n, 'a beat (ctx.ev) survived outside a statement of its own: guard it with ctx.tracing');
    else if (isCtxMember(n, 'stack')) at(n, 'ctx.stack is used where tracing is off: put it under ctx.tracing');
    else if (isCtxMember(n, 'call')) at(n, 'ctx.call survived');
    ts.forEachChild(n, walk);
  };
  walk(sf);
  return problems;
}
