/**
 * Renders the field reference of docs/scenarios.md from the scenario's JSON Schema. Pure: text
 * in, text out; docsUpdate.ts places it in the document, scripts/gen-scenario-docs.ts writes it.
 */

type Schema = Record<string, unknown>;

interface Row {
  readonly path: string;
  readonly type: string;
  readonly defaultText: string;
  readonly description: string;
}

/** One kind of a tagged union (a step kind, a latency kind) and the fields only it has. */
interface Kind {
  readonly label: string;
  readonly description: string;
  readonly rows: Row[];
}

/** One heading of the reference: an object's fields, or a union's shared fields and kinds. */
interface Section {
  readonly heading: string;
  readonly usedAt: string[];
  rows: Row[];
  kinds: { readonly tag: string; readonly list: Kind[] } | undefined;
  readonly children: Section[];
}

/**
 * The reference as Markdown: one table per object and one per kind of each tagged union
 * (latency kinds, step kinds), with each field's path, type, default and description.
 */
export function renderScenarioReference(jsonSchema: Schema): string {
  const walker = new Walker(asSchema(jsonSchema.$defs));
  const root: Section = { heading: 'Top level', usedAt: [], rows: [], kinds: undefined, children: [] };
  root.rows = walker.rows(jsonSchema, { shown: '', full: '' }, root, () => true);
  const out: string[] = [];
  const emit = (section: Section): void => {
    out.push(...renderSection(section));
    section.children.forEach(emit);
  };
  emit(root);
  out.push(...renderNames(walker.names));
  return `${out.join('\n').trimEnd()}\n`;
}

/**
 * A field's path as shown in its table, and as located from the document's root. Inside a
 * shared (titled) section there is no single root path, so `full` is undefined there.
 */
type Where = { readonly shown: string; readonly full: string | undefined };

/** Walks the schema once, giving every titled object or union one section however often it is used. */
class Walker {
  readonly names = new Map<string, string>();
  private readonly byTitle = new Map<string, Section>();
  constructor(private readonly defs: Schema) {}

  resolve(s: Schema): Schema {
    if (typeof s.$ref !== 'string') return s;
    const { $ref, ...rest } = s;
    return { ...this.resolve(asSchema(this.defs[$ref.replace('#/$defs/', '')])), ...rest };
  }

  rows(raw: Schema, at: Where, parent: Section, keep: (name: string) => boolean): Row[] {
    const s = this.resolve(raw);
    const required = new Set(Array.isArray(s.required) ? s.required.map(String) : []);
    return Object.entries(asSchema(s.properties))
      .filter(([name]) => keep(name))
      .map(([name, value]) => {
        const field = this.resolve(asSchema(value));
        const where = { shown: join(at.shown, name), full: at.full === undefined ? undefined : join(at.full, name) };
        return {
          path: where.shown,
          type: this.typeText(field, where, parent),
          defaultText: defaultText(field, required.has(name)),
          description: typeof field.description === 'string' ? field.description : '',
        };
      });
  }

  /** The Type column for one field; registers a section for any object or tagged union met. */
  private typeText(raw: Schema, at: Where, parent: Section): string {
    const s = this.resolve(raw);
    const title = typeof s.title === 'string' ? s.title : undefined;
    if (s.const !== undefined) return code(JSON.stringify(s.const));
    if (Array.isArray(s.enum)) return s.enum.map((v) => code(JSON.stringify(v))).join(' or ');
    const options = unionOptions(s)?.map((o) => this.resolve(o));
    if (options !== undefined) {
      if (isJsonValue(options)) return 'any JSON value';
      if (title === undefined || tagOf(options) === undefined) return options.map((o) => this.typeText(o, at, parent)).join(' or ');
      return this.sectionFor(title, s, at, parent);
    }
    if (s.type === 'array') {
      const items = this.typeText(asSchema(s.items), { shown: `${at.shown}[]`, full: at.full === undefined ? undefined : `${at.full}[]` }, parent);
      return `array${countText(s.minItems, s.maxItems)} of ${items}`;
    }
    if (s.type === 'object' && s.properties === undefined) {
      const keys = this.typeText(asSchema(s.propertyNames), at, parent);
      return `map from ${keys} to ${this.typeText(asSchema(s.additionalProperties), at, parent)}`;
    }
    if (s.type === 'object') return this.sectionFor(title, s, at, parent);
    if (s.type === 'string' && title !== undefined && typeof s.pattern === 'string') {
      this.names.set(title, s.pattern);
      return title;
    }
    if (s.type === 'string') return `string${countText(s.minLength, s.maxLength, 'characters')}`;
    if (s.type === 'integer' || s.type === 'number') return `${String(s.type)}${rangeText(s)}`;
    return typeof s.type === 'string' ? s.type : 'any';
  }

  private sectionFor(title: string | undefined, s: Schema, at: Where, parent: Section): string {
    const heading = title ?? code(at.full ?? at.shown);
    const link = `[${title ?? 'object'}](#${anchor(heading)})`;
    const existing = title === undefined ? undefined : this.byTitle.get(title);
    if (existing !== undefined) {
      if (at.full !== undefined) existing.usedAt.push(at.full);
      return link;
    }
    const section: Section = { heading, usedAt: at.full === undefined ? [] : [at.full], rows: [], kinds: undefined, children: [] };
    if (title !== undefined) this.byTitle.set(title, section);
    parent.children.push(section);
    // A titled section is shared, so its table shows paths relative to it.
    const inside: Where = title === undefined ? at : { shown: '', full: undefined };
    const options = unionOptions(s)?.map((o) => this.resolve(o));
    const tag = options === undefined ? undefined : tagOf(options);
    if (options === undefined || tag === undefined) {
      section.rows = this.rows(s, inside, section, () => true);
    } else {
      const common = commonFields(options, tag);
      section.rows = this.rows(options[0] ?? {}, inside, section, (name) => common.has(name));
      const list = options.map((option) => {
        const tagField = asSchema(asSchema(option.properties)[tag]);
        const label = `${tag}: ${JSON.stringify(tagField.const)}`;
        const rows = this.rows(option, inside, section, (name) => name !== tag && !common.has(name));
        return { label, description: typeof tagField.description === 'string' ? tagField.description : '', rows };
      });
      section.kinds = { tag, list };
    }
    return link;
  }
}

function renderSection(section: Section): string[] {
  const lines = [`### ${section.heading}`, ''];
  const located = section.usedAt.filter((p) => code(p) !== section.heading);
  if (located.length > 0) lines.push(`Used for ${located.map(code).join(', ')}.`, '');
  if (section.kinds === undefined) return [...lines, ...table(section.rows), ''];
  lines.push(`One of the kinds below, chosen by ${code(section.kinds.tag)}.`, '');
  if (section.rows.length > 0) lines.push('Fields every kind has:', '', ...table(section.rows), '');
  for (const kind of section.kinds.list) {
    lines.push(`#### ${code(kind.label)}`, '');
    if (kind.description !== '') lines.push(kind.description, '');
    lines.push(...(kind.rows.length === 0 ? ['No other fields.'] : table(kind.rows)), '');
  }
  return lines;
}

function table(rows: readonly Row[]): string[] {
  return [
    '| Field | Type | Default | Description |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${[code(r.path), r.type, r.defaultText, r.description].map(cell).join(' | ')} |`),
  ];
}

function renderNames(names: ReadonlyMap<string, string>): string[] {
  if (names.size === 0) return [];
  const rows = [...names].map(([title, pattern]) => `| ${title} | ${cell(code(pattern))} |`);
  return ['### Names', '', 'Strings that name things must match a pattern:', '', '| Name | Pattern |', '|---|---|', ...rows, ''];
}

/** Fields with the same description in every option: documented once, above the kinds. */
function commonFields(options: readonly Schema[], tag: string): Set<string> {
  const describe = (o: Schema, name: string): unknown => asSchema(asSchema(o.properties)[name]).description;
  const [first, ...others] = options;
  if (first === undefined || others.length === 0) return new Set();
  const names = Object.keys(asSchema(first.properties));
  return new Set(names.filter((n) => n !== tag && describe(first, n) !== undefined && others.every((o) => describe(o, n) === describe(first, n))));
}

/** The field whose constant value tells the options apart (`do`, `kind`), if there is one. */
function tagOf(options: readonly Schema[]): string | undefined {
  const first = options[0];
  if (first === undefined) return undefined;
  const hasConst = (o: Schema, name: string): boolean => asSchema(asSchema(o.properties)[name]).const !== undefined;
  return Object.keys(asSchema(first.properties)).find((name) => options.every((o) => hasConst(o, name)));
}

function unionOptions(s: Schema): Schema[] | undefined {
  const options: unknown = Array.isArray(s.oneOf) ? s.oneOf : s.anyOf;
  return Array.isArray(options) ? options.map(asSchema) : undefined;
}

function isJsonValue(options: readonly Schema[]): boolean {
  const types = new Set(options.map((o) => o.type));
  return ['string', 'number', 'boolean', 'null', 'array', 'object'].every((t) => types.has(t));
}

function defaultText(field: Schema, required: boolean): string {
  if (field.default !== undefined) return code(JSON.stringify(field.default));
  if (typeof field.defaultText === 'string') return field.defaultText;
  return required ? 'required' : 'none';
}

/** "≥ 0", ", 1 to 64": zod's ±2^53 bounds on every integer are noise and are left out. */
function rangeText(s: Schema): string {
  const bound = (v: unknown): number | undefined => (typeof v === 'number' && Math.abs(v) < Number.MAX_SAFE_INTEGER ? v : undefined);
  const min = bound(s.minimum);
  const max = bound(s.maximum);
  const low = min !== undefined ? `≥ ${min}` : bound(s.exclusiveMinimum) !== undefined ? `> ${String(s.exclusiveMinimum)}` : undefined;
  if (min !== undefined && max !== undefined) return `, ${min} to ${max}`;
  if (low !== undefined && max !== undefined) return ` ${low}, ≤ ${max}`;
  if (low !== undefined) return ` ${low}`;
  return max !== undefined ? ` ≤ ${max}` : '';
}

function countText(min: unknown, max: unknown, unit = ''): string {
  const suffix = unit === '' ? '' : ` ${unit}`;
  if (typeof min === 'number' && typeof max === 'number') return ` (${min} to ${max}${suffix})`;
  if (typeof max === 'number') return ` (at most ${max}${suffix})`;
  if (typeof min === 'number' && min > 0) return ` (at least ${min}${suffix})`;
  return '';
}

function asSchema(x: unknown): Schema {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Schema) : {};
}

function join(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

/** The id GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
}

function code(text: string): string {
  return `\`${text}\``;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
