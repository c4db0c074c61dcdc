import { readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';

import * as ts from 'typescript';

/**
 * Reads the product code (every .ts file under nodes/ and credentials/) with TypeScript's own
 * parser, for the tests that hold the layout (test/unit/architecture/) and for the figures script
 * (scripts/architecture/layoutFigures.ts). Every function takes the repository root, so the script
 * can measure another checkout (the commit before a refactoring) with the same rules the tests use.
 * Paths are relative to the root, with forward slashes.
 */

export const PRODUCT_FOLDERS = ['nodes', 'credentials'] as const;

/** Every product .ts file, relative to the root, sorted. */
export function productFiles(root: string): string[] {
	return PRODUCT_FOLDERS.flatMap((folder) => tsFilesUnder(root, folder)).sort();
}

function tsFilesUnder(root: string, folder: string): string[] {
	return readdirSync(posix.join(root, folder), { withFileTypes: true }).flatMap((entry) => {
		const file = posix.join(folder, entry.name);
		if (entry.isDirectory()) return tsFilesUnder(root, file);
		return entry.name.endsWith('.ts') ? [file] : [];
	});
}

export function parseFile(root: string, file: string): ts.SourceFile {
	return parseText(file, readFileSync(posix.join(root, file), 'utf8'));
}

export function parseText(fileName: string, text: string): ts.SourceFile {
	return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
}

// ── Identifiers and strings ────────────────────────────────────────────────────────────────────

/** Every identifier and string literal (template parts included) of a file; comments are left out. */
export function identifiersAndStrings(source: ts.SourceFile): string[] {
	const found: string[] = [];
	const visit = (node: ts.Node): void => {
		if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) found.push(node.text);
		else if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) found.push(node.text);
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

// ── Provider names ─────────────────────────────────────────────────────────────────────────────

export interface ProviderHome {
	readonly provider: string;
	/** What names the provider in an identifier or a string: its brand, its ids, its credential's name. */
	readonly names: readonly RegExp[];
	/** Where naming it is the point: its own folder and its credential file(s). */
	readonly home: readonly string[];
}

const PROVIDERS_DIR = 'nodes/WhatsAppSession/providers/';

/** The one registry, which maps each provider's choice to its adapter, may name them all. */
export const PROVIDER_REGISTRY = `${PROVIDERS_DIR}index.ts`;

export const PROVIDER_HOMES: readonly ProviderHome[] = [
	{
		provider: 'Connectly',
		names: [/connectly/i],
		home: [`${PROVIDERS_DIR}connectly/`, 'credentials/ConnectlyApi.credentials.ts'],
	},
	{
		provider: 'Texter',
		names: [/texter/i],
		home: [`${PROVIDERS_DIR}texter/`, 'credentials/TexterApi.credentials.ts'],
	},
	{
		provider: 'Meta',
		// "meta" alone or as a prefix (metaCloudApi), never inside "metadata"; its credential; its host.
		names: [/\bmeta\b/i, /\b[Mm]eta(?=[A-Z])/, /whatsAppCloudApi/i, /facebook/i],
		home: [`${PROVIDERS_DIR}cloudApi/`, 'credentials/WhatsAppCloudApi.credentials.ts'],
	},
	{
		provider: 'Cloud-API-format provider',
		// Its credential (whatsAppSessionApi), its registry id and its display name.
		names: [/session[\s_-]?api/i, /cloudApiCompatible/i, /cloud[\s-]?api[\s-]?format/i],
		home: [`${PROVIDERS_DIR}cloudApi/`, 'credentials/WhatsAppSessionApi.credentials.ts'],
	},
];

export interface ProviderNameHit {
	readonly provider: string;
	/** The word that names it: the whole identifier, or the word of a string (`Meta` of "as Meta does"). */
	readonly word: string;
}

/**
 * The identifiers and strings of a file that name a provider: one hit per distinct identifier or
 * string and provider, so a second sentence that names a provider is a second hit.
 */
export function providerNameHits(source: ts.SourceFile, homes: readonly ProviderHome[] = PROVIDER_HOMES): ProviderNameHit[] {
	const texts = [...new Set(identifiersAndStrings(source))];
	return texts.flatMap((text) =>
		homes.flatMap(({ provider, names }) => {
			const match = names.map((name) => name.exec(text)).find((found): found is RegExpExecArray => found !== null);
			return match === undefined ? [] : [{ provider, word: wordAround(text, match.index, match[0].length) }];
		}),
	);
}

/** The match widened to the letters, digits and underscores on either side of it. */
function wordAround(text: string, start: number, length: number): string {
	const isWordCharacter = (index: number): boolean => /\w/.test(text.charAt(index));
	let from = start;
	let to = start + length;
	while (from > 0 && isWordCharacter(from - 1)) from -= 1;
	while (to < text.length && isWordCharacter(to)) to += 1;
	return text.slice(from, to);
}

export function isProviderHome(file: string, home: ProviderHome): boolean {
	return file === PROVIDER_REGISTRY || home.home.some((place) => (place.endsWith('/') ? file.startsWith(place) : file === place));
}

/** The words of a file that name a provider outside that provider's home, sorted (repeats kept). */
export function strayProviderNames(source: ts.SourceFile, file: string): string[] {
	const homeOf = new Map(PROVIDER_HOMES.map((home) => [home.provider, home]));
	const stray = providerNameHits(source).filter(({ provider }) => {
		const home = homeOf.get(provider);
		return home === undefined || !isProviderHome(file, home);
	});
	return stray.map(({ word }) => word).sort();
}

// ── Imports and cycles ─────────────────────────────────────────────────────────────────────────

/**
 * Every module a file names: imports (`import type` included), re-exports, `import x = require()`,
 * `import()` types and calls, and `require()` calls.
 */
export function moduleSpecifiers(source: ts.SourceFile): string[] {
	const found: string[] = [];
	const visit = (node: ts.Node): void => {
		const specifier = specifierOf(node);
		if (specifier !== undefined) found.push(specifier);
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

function specifierOf(node: ts.Node): string | undefined {
	if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return stringText(node.moduleSpecifier);
	if (ts.isExternalModuleReference(node)) return stringText(node.expression);
	if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) return stringText(node.argument.literal);
	if (ts.isCallExpression(node) && isImportOrRequire(node.expression)) return stringText(node.arguments[0]);
	return undefined;
}

function isImportOrRequire(callee: ts.Expression): boolean {
	return callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require');
}

function stringText(node: ts.Node | undefined): string | undefined {
	return node !== undefined && ts.isStringLiteralLike(node) ? node.text : undefined;
}

export function isRelativeSpecifier(specifier: string): boolean {
	return specifier.startsWith('./') || specifier.startsWith('../');
}

/** The product file a relative specifier names (`x` → `x.ts` or `x/index.ts`), or undefined. */
export function resolveRelative(fromFile: string, specifier: string, files: ReadonlySet<string>): string | undefined {
	const target = posix.join(posix.dirname(fromFile), specifier);
	return [target, `${target}.ts`, `${target}/index.ts`].find((candidate) => files.has(candidate));
}

/** file → the product files it imports (relative specifiers only; packages are not product code). */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

export interface ImportReading {
	readonly graph: ImportGraph;
	/** Relative specifiers that name no product file, as `file: specifier`. */
	readonly unresolved: string[];
}

export function readImportGraph(root: string, files: readonly string[] = productFiles(root)): ImportReading {
	const known = new Set(files);
	const graph = new Map<string, string[]>();
	const unresolved: string[] = [];
	for (const file of files) {
		const targets = new Set<string>();
		for (const specifier of moduleSpecifiers(parseFile(root, file)).filter(isRelativeSpecifier)) {
			const target = resolveRelative(file, specifier, known);
			if (target === undefined) unresolved.push(`${file}: ${specifier}`);
			else targets.add(target);
		}
		graph.set(file, [...targets].sort());
	}
	return { graph, unresolved };
}

/** Tarjan's strongly connected components: each list holds files that all reach one another. */
export function stronglyConnectedComponents(graph: ImportGraph): string[][] {
	const indexOf = new Map<string, number>();
	const lowLink = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const components: string[][] = [];

	const lowOf = (node: string): number => lowLink.get(node) ?? Number.POSITIVE_INFINITY;
	const connect = (node: string): void => {
		indexOf.set(node, indexOf.size);
		lowLink.set(node, indexOf.size - 1);
		stack.push(node);
		onStack.add(node);
		for (const next of graph.get(node) ?? []) {
			if (!indexOf.has(next)) {
				connect(next);
				lowLink.set(node, Math.min(lowOf(node), lowOf(next)));
			} else if (onStack.has(next)) {
				lowLink.set(node, Math.min(lowOf(node), indexOf.get(next) ?? Number.POSITIVE_INFINITY));
			}
		}
		if (lowOf(node) !== indexOf.get(node)) return;
		const component: string[] = [];
		for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
			onStack.delete(member);
			component.push(member);
			if (member === node) break;
		}
		components.push(component.sort());
	};

	for (const node of graph.keys()) if (!indexOf.has(node)) connect(node);
	return components;
}

/** The import cycles: components of two or more files, and a file that imports itself; sorted. */
export function importCycles(graph: ImportGraph): string[][] {
	return stronglyConnectedComponents(graph)
		.filter((component) => component.length > 1 || (graph.get(component[0] ?? '') ?? []).includes(component[0] ?? ''))
		.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}

/** A cycle as its imports, `a → b; b → a`, so a reader sees which import to move down. */
export function describeCycle(cycle: readonly string[], graph: ImportGraph, shorten: (file: string) => string = (file) => file): string {
	const members = new Set(cycle);
	return cycle
		.flatMap((file) => (graph.get(file) ?? []).filter((target) => members.has(target)).map((target) => `${shorten(file)} → ${shorten(target)}`))
		.join('; ');
}

// ── Sizes ──────────────────────────────────────────────────────────────────────────────────────

/**
 * n8n's description types. A declaration whose type annotation names one of them (a variable or a
 * class property such as `description: INodeTypeDescription`, `properties: INodeProperties[]`,
 * or a function that returns `INodeProperties[]`) is form description data: a table of fields,
 * long by nature and not logic, so the size limits leave it out.
 */
export const DESCRIPTION_TYPES: ReadonlySet<string> = new Set([
	'INodeProperties',
	'INodePropertyOptions',
	'INodePropertyCollection',
	'INodeTypeDescription',
	'INodeTypeBaseDescription',
]);

export function namesDescriptionType(type: ts.TypeNode | undefined): boolean {
	if (type === undefined) return false;
	let found = false;
	const visit = (node: ts.Node): void => {
		if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && DESCRIPTION_TYPES.has(node.typeName.text)) found = true;
		ts.forEachChild(node, visit);
	};
	visit(type);
	return found;
}

export type FunctionLike =
	| ts.FunctionDeclaration
	| ts.MethodDeclaration
	| ts.ArrowFunction
	| ts.FunctionExpression
	| ts.ConstructorDeclaration
	| ts.GetAccessorDeclaration
	| ts.SetAccessorDeclaration;

/** A function with a body (an overload or a signature has none). */
export function isFunctionWithBody(node: ts.Node): node is FunctionLike {
	return (
		(ts.isFunctionDeclaration(node) ||
			ts.isMethodDeclaration(node) ||
			ts.isArrowFunction(node) ||
			ts.isFunctionExpression(node) ||
			ts.isConstructorDeclaration(node) ||
			ts.isGetAccessorDeclaration(node) ||
			ts.isSetAccessorDeclaration(node)) &&
		node.body !== undefined
	);
}

/** Lines of a node's own text, from its first token (leading comments left out) to its end. */
export function nodeLines(node: ts.Node, source: ts.SourceFile): number {
	const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
	const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
	return last - first + 1;
}

export function fileLines(source: ts.SourceFile): number {
	const text = source.getFullText();
	if (text.length === 0) return 0;
	return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** A function's own return annotation, or the annotation of the variable or property it is the value of. */
function declaredType(node: ts.Node): ts.TypeNode | undefined {
	if (isFunctionWithBody(node)) return node.type ?? (node.parent !== undefined ? declaredType(node.parent) : undefined);
	if (ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node)) return node.type;
	return undefined;
}

/** Description data: a variable, class property or function whose declared type names a description type. */
export function isDescriptionData(node: ts.Node): boolean {
	if (isFunctionWithBody(node)) return namesDescriptionType(declaredType(node));
	if (ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node)) return namesDescriptionType(node.type);
	return false;
}

export interface FunctionSize {
	/** Dotted path from the outermost named scope, e.g. `WhatsAppSession.execute.map(callback)`. */
	readonly name: string;
	readonly lines: number;
	readonly descriptionData: boolean;
}

/** Every function of a file with its length; names that repeat in a file get `#2`, `#3`. */
export function functionSizes(source: ts.SourceFile): FunctionSize[] {
	const sizes: FunctionSize[] = [];
	const seen = new Map<string, number>();
	const visit = (node: ts.Node, scope: readonly string[]): void => {
		if (isFunctionWithBody(node)) {
			const path = [...scope, ownName(node, source)];
			const base = path.join('.');
			const count = (seen.get(base) ?? 0) + 1;
			seen.set(base, count);
			const name = count === 1 ? base : `${base}#${count}`;
			sizes.push({ name, lines: nodeLines(node, source), descriptionData: isDescriptionData(node) });
			ts.forEachChild(node, (child) => visit(child, path));
			return;
		}
		const scopeName = namedScope(node, source);
		ts.forEachChild(node, (child) => visit(child, scopeName === undefined ? scope : [...scope, scopeName]));
	};
	visit(source, []);
	return sizes;
}

/** A class, or a variable or property whose value is not itself a function, names the functions inside it. */
function namedScope(node: ts.Node, source: ts.SourceFile): string | undefined {
	if ((ts.isClassDeclaration(node) || ts.isClassExpression(node)) && node.name !== undefined) return node.name.text;
	if (ts.isVariableDeclaration(node) || ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node)) {
		const value = node.initializer;
		if (value !== undefined && isFunctionWithBody(value)) return undefined;
		return node.name.getText(source);
	}
	return undefined;
}

function ownName(node: FunctionLike, source: ts.SourceFile): string {
	if (ts.isConstructorDeclaration(node)) return 'constructor';
	if (!ts.isArrowFunction(node) && !ts.isFunctionExpression(node) && node.name !== undefined) return node.name.getText(source);
	const parent = node.parent;
	if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
		return parent.name.getText(source);
	}
	if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) return `${calleeName(parent.expression, source)}(callback)`;
	return ts.isFunctionExpression(node) && node.name !== undefined ? node.name.text : '(anonymous)';
}

function calleeName(callee: ts.Expression, source: ts.SourceFile): string {
	if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
	if (ts.isIdentifier(callee)) return callee.text;
	return callee.getText(source).slice(0, 30);
}

/** A file's lines outside description data: what the file-size limit counts. */
export function codeLines(source: ts.SourceFile): number {
	let dataLines = 0;
	const visit = (node: ts.Node): void => {
		if (isDescriptionData(node)) {
			dataLines += nodeLines(node, source);
			return;
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return fileLines(source) - dataLines;
}

export interface FileMeasure {
	readonly file: string;
	readonly lines: number;
	/** Lines outside description data. */
	readonly codeLines: number;
	readonly functions: readonly FunctionSize[];
}

export function measureFiles(root: string, files: readonly string[] = productFiles(root)): FileMeasure[] {
	return files.map((file) => {
		const source = parseFile(root, file);
		return { file, lines: fileLines(source), codeLines: codeLines(source), functions: functionSizes(source) };
	});
}
