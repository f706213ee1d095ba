import type pg from 'pg'
import type { PostgresStats } from '../../snapshot/manifest.js'
import { UserError } from '../../util/errors.js'
import { redact } from '../../util/redact.js'
import { quoteIdentLike } from './quote.js'

// What `restore --force`'s DROP ... CASCADE would remove, found by running the drops and rolling
// them back, and which of it lies outside the dump (refused unless drop-dependents: true).

/** One object that DROP ... CASCADE would remove, and what it belongs to. */
export interface RemovedObject {
  /** pg_describe_object(), e.g. "constraint orders_customer_fk on table public.orders". */
  what: string
  /** The object it is part of (itself for a table, a view, a function, a schema...). */
  top: { kind: TopKind; name: string; schema?: string }
  /** pg_describe_object() of the top object. */
  topWhat: string
}

type TopKind = 'table' | 'view' | 'function' | 'schema' | 'extension' | 'other'

export interface CascadePlan {
  /** Every object the drops remove, the dump's own included. */
  removed: number
  /** The removed objects that are not the dump's: the restore would not bring them back. */
  outside: RemovedObject[]
}

export function describeRemoved(o: RemovedObject): string {
  return o.what
}

/**
 * What force's DROP ... CASCADE statements remove, asked of the server itself: the drops run in
 * a transaction that is rolled back, and the dependency rows (pg_depend) that are gone afterwards
 * are the objects removed, every kind included, with no limit on how many (the "drop cascades
 * to" notices stop listing at 100). Each removed object is traced to the object it is part of
 * (auto, internal and extension dependencies: an index or a constraint to its table, a view's
 * rule to the view), which is then compared with the dump's objects.
 */
export async function cascadePlan(
  client: pg.Client,
  drops: string[],
  stats: PostgresStats
): Promise<CascadePlan> {
  const keys = `select distinct classid::text as c, objid::text as o, objsubid as s from pg_depend where objid >= 16384`
  type Key = { c: string; o: string; s: number }
  let gone: Key[]
  await client.query('BEGIN')
  try {
    // The drops lock what they drop: give up rather than wait behind a long transaction.
    await client.query(`SET LOCAL lock_timeout = '10s'`)
    const before = (await client.query<Key>(keys)).rows
    for (const drop of drops) await client.query(drop)
    const after = new Set((await client.query<Key>(keys)).rows.map((k) => `${k.c}:${k.o}:${k.s}`))
    gone = before.filter((k) => !after.has(`${k.c}:${k.o}:${k.s}`))
  } catch (error) {
    throw new UserError(
      `cannot plan force's drops: ${redact((error as Error).message)}; nothing was changed`
    )
  } finally {
    await client.query('ROLLBACK').catch(() => undefined)
  }
  if (gone.length === 0) return { removed: 0, outside: [] }
  type Row = {
    what: string
    top_class: string
    relkind: string | null
    rel: string | null
    proc: string | null
    nsp: string | null
    schema_name: string | null
    extname: string | null
    top_what: string
  }
  // Each removed object is listed as the outermost removed object it is part of (a view, not
  // its rule and row type; a foreign key, not its triggers), named with its schema (search_path
  // empty for pg_describe_object), and judged by the object at the end of the chain (the
  // foreign key by the table that holds it, which CASCADE does not drop).
  let rows: Row[]
  await client.query('BEGIN')
  try {
    await client.query(`SET LOCAL search_path = ''`)
    rows = (
      await client.query<Row>(
        `with recursive removed(c, o) as (
           select c, o from unnest($1::oid[], $2::oid[], $3::int[]) as g(c, o, s) where s = 0
         ),
         walk(k, c, o, depth) as (
           select k, c, o, 0 from unnest($1::oid[], $2::oid[]) with ordinality as u(c, o, k)
           union all
           select w.k, d.refclassid, d.refobjid, w.depth + 1 from walk w
             join pg_depend d on d.classid = w.c and d.objid = w.o and d.objsubid = 0
              and d.deptype in ('a', 'i', 'e') and not (d.refclassid = w.c and d.refobjid = w.o)
            where w.depth < 20
              -- A partition is a table of its own, with its own rows: judged by itself, not by the
              -- partitioned table it hangs from (which the dump may well create).
              and not (w.c = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass
                       and exists (select 1 from pg_class x where x.oid = w.o and x.relispartition))
         ),
         top as (select distinct on (k) k, c, o from walk order by k, depth desc),
         root as (
           select distinct on (k) k, c, o, depth from walk w
            where depth = 0 or exists (select 1 from removed r where r.c = w.c and r.o = w.o)
            order by k, depth desc
         )
         select case when rt.depth = 0 then pg_describe_object(u.c, u.o, u.s)
                     else pg_describe_object(rt.c, rt.o, 0) end as what,
                t.c::regclass::text as top_class,
                r.relkind::text as relkind,
                case when r.oid is not null then format('%I.%I', rn.nspname, r.relname) end as rel,
                case when p.oid is not null then format('%I.%I', pn.nspname, p.proname) end as proc,
                coalesce(rn.nspname, pn.nspname, yn.nspname, xn.nspname) as nsp,
                quote_ident(n.nspname) as schema_name, e.extname,
                pg_describe_object(t.c, t.o, 0) as top_what
           from unnest($1::oid[], $2::oid[], $3::int[]) with ordinality as u(c, o, s, k)
           join top t on t.k = u.k
           join root rt on rt.k = u.k
           left join pg_class r on t.c = 'pg_class'::regclass and r.oid = t.o
           left join pg_namespace rn on rn.oid = r.relnamespace
           left join pg_proc p on t.c = 'pg_proc'::regclass and p.oid = t.o
           left join pg_namespace pn on pn.oid = p.pronamespace
           left join pg_type y on t.c = 'pg_type'::regclass and y.oid = t.o
           left join pg_namespace yn on yn.oid = y.typnamespace
           left join pg_constraint x on t.c = 'pg_constraint'::regclass and x.oid = t.o
           left join pg_namespace xn on xn.oid = x.connamespace
           left join pg_namespace n on t.c = 'pg_namespace'::regclass and n.oid = t.o
           left join pg_extension e on t.c = 'pg_extension'::regclass and e.oid = t.o
          order by u.k`,
        [gone.map((k) => k.c), gone.map((k) => k.o), gone.map((k) => k.s)]
      )
    ).rows
  } finally {
    await client.query('ROLLBACK').catch(() => undefined)
  }
  const removed: RemovedObject[] = rows.map((r) => {
    let top: RemovedObject['top']
    if (r.rel !== null && r.relkind !== null) {
      top = {
        kind: 'rpf'.includes(r.relkind) ? 'table' : 'vm'.includes(r.relkind) ? 'view' : 'other',
        name: r.rel,
        schema: r.nsp ?? undefined
      }
    } else if (r.top_class === 'pg_proc') {
      top = { kind: 'function', name: r.proc!, schema: r.nsp ?? undefined }
    } else if (r.schema_name !== null) top = { kind: 'schema', name: r.schema_name }
    else if (r.extname !== null) top = { kind: 'extension', name: r.extname }
    else top = { kind: 'other', name: r.top_what, schema: r.nsp ?? undefined }
    return { what: r.what, top, topWhat: r.top_what }
  })
  // One dependency row per referenced object, and the parts of one object: each listed once.
  const unique = [...new Map(removed.map((o) => [o.what, o])).values()].sort((a, b) =>
    a.what.localeCompare(b.what)
  )
  return { removed: unique.length, outside: unique.filter((o) => !inDump(o, stats)) }
}

/**
 * Whether the dump brings the object back: its top object is one the dump creates (a table,
 * view, function, schema, extension it names). Objects of kinds the manifest does not list
 * (sequences, types) count as the dump's when they live in a schema the dump creates; a table,
 * view or function there that the dump does not name is outside it.
 */
export function inDump(o: RemovedObject, stats: PostgresStats): boolean {
  const { schemas, tables, views, functions } = stats.objects
  switch (o.top.kind) {
    case 'table':
      return tables.includes(o.top.name)
    case 'view':
      return views.includes(o.top.name)
    case 'function':
      return functions.includes(o.top.name)
    case 'schema':
      return schemas.includes(o.top.name)
    case 'extension':
      return stats.extensions.includes(o.top.name)
    default:
      return o.top.schema !== undefined && schemas.includes(quoteIdentLike(o.top.schema))
  }
}
