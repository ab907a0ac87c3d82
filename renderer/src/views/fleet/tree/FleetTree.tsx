import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { HEALTH_ORDER, type HealthStatus, type StateColumns } from '../../../../../shared/contract/index.js';
import { statusOfCode } from '../../../../../shared/contract/fleet-snapshot.js';
import { SITE_ROLE_LABELS, STATUS_LABELS } from '../../../components/labels.js';
import { StatusIcon } from '../../../components/StatusIcon.js';
import { formatCount } from '../../../time/format.js';
import type { FleetModel } from '../fleet-model.js';
import { liveMatches } from '../fleet-query.js';
import { groupSize, worstCode, type GroupCounts } from '../group-counts.js';
import { changedSince, SortAgain, statusCopy } from '../SortAgain.js';
import { useHeldOrder } from '../../../components/held-list/use-held-order.js';
import { countPairs, flattenTree, orderTree, treeShapeOf, type TreeLine, type TreeOrder } from './tree-model.js';

interface FleetTreeProps {
  model: FleetModel;
  states: StateColumns;
  matches: Int32Array | null;
  status: HealthStatus | null;
  /** The rows shown now (filters applied), null for every row. */
  shown: Int32Array | null;
  counts: GroupCounts;
  selectedId: string | null;
  onOpen: (id: string) => void;
}

interface Criteria {
  model: FleetModel;
  matches: Int32Array | null;
  status: HealthStatus | null;
  round: number;
}

const LINE_HEIGHT = 30;
/** A search this narrow opens every branch that holds a match. */
const AUTO_EXPAND = 200;
const FILTERED_RESORT_MS = 2_000;

function order(criteria: Criteria, states: StateColumns): { tree: TreeOrder; sortedStatus: Uint8Array } {
  const { model } = criteria;
  const rows = liveMatches(model, criteria.matches, criteria.status, states) ?? Int32Array.from({ length: model.rows }, (_, row) => row);
  return { tree: orderTree(model, treeShapeOf(model), rows, states), sortedStatus: statusCopy(states) };
}

/** Tree lines are found by their key, escaped because it goes into a CSS selector. */
function findLine(container: ParentNode, key: string): HTMLElement | null {
  return container.querySelector<HTMLElement>(`[data-tree-key="${CSS.escape(key)}"]`);
}

/** Regions, sites, tenants and environments with live rollups; virtualized, worst first, by keyboard as a tree. */
export function FleetTree({ model, states, matches, status, shown, counts, selectedId, onOpen }: FleetTreeProps) {
  const shape = treeShapeOf(model);
  const scrollRef = useRef<HTMLDivElement>(null);
  const pendingFocus = useRef<string | null>(null);
  const [round, setRound] = useState(0);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  // Branches whose state differs from the default (regions open; everything open for a narrow search); reset by new filters.
  const [toggled, setToggled] = useState<{ matches: Int32Array | null; status: HealthStatus | null; keys: ReadonlySet<string> }>({ matches, status, keys: new Set() });
  const toggledKeys = toggled.matches === matches && toggled.status === status ? toggled.keys : null;

  const criteria = useMemo<Criteria>(() => ({ model, matches, status, round }), [model, matches, status, round]);
  const held = useHeldOrder(criteria, states, order, status === null ? Number.POSITIVE_INFINITY : FILTERED_RESORT_MS);
  const settled = held.value;
  const treeOrder = settled.tree;
  const changed = useMemo(() => changedSince(treeOrder.rows, settled.sortedStatus, states.status), [treeOrder, settled, states]);
  const pairCounts = useMemo(() => countPairs(shape, shown, model.rows, states), [shape, shown, model.rows, states]);
  const autoExpand = shown !== null && shown.length <= AUTO_EXPAND;

  const lines = useMemo(() => {
    const keys = toggledKeys ?? new Set<string>();
    return flattenTree(model, shape, treeOrder, (key, level) => (level === 1 || autoExpand) !== keys.has(key));
  }, [model, shape, treeOrder, toggledKeys, autoExpand]);

  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LINE_HEIGHT,
    getItemKey: (index) => lines[index]?.node.key ?? index,
    overscan: 12,
  });

  useLayoutEffect(() => {
    const key = pendingFocus.current;
    const container = scrollRef.current;
    if (key === null || container === null) return;
    const element = findLine(container, key);
    if (element === null) return;
    element.focus({ preventScroll: true });
    pendingFocus.current = null;
  });

  const items = virtualizer.getVirtualItems();
  const activeIndex = activeKey === null ? -1 : lines.findIndex((line) => line.node.key === activeKey);
  const tabbableKey = activeIndex >= 0 ? activeKey : (lines[items[0]?.index ?? 0]?.node.key ?? null);

  function toggle(key: string): void {
    const keys = new Set(toggledKeys ?? []);
    if (keys.has(key)) keys.delete(key);
    else keys.add(key);
    setToggled({ matches, status, keys });
  }

  function moveTo(index: number): void {
    const line = lines[Math.max(0, Math.min(lines.length - 1, index))];
    if (line === undefined) return;
    setActiveKey(line.node.key);
    pendingFocus.current = line.node.key;
    virtualizer.scrollToIndex(lines.indexOf(line), { align: 'auto' });
  }

  function activate(line: TreeLine): void {
    if (line.node.kind === 'environment') onOpen(model.idAt(line.node.group));
    else toggle(line.node.key);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    if (!(event.target instanceof HTMLElement)) return;
    const key = event.target.closest<HTMLElement>('[data-tree-key]')?.dataset.treeKey;
    const index = key === undefined ? -1 : lines.findIndex((line) => line.node.key === key);
    const line = lines[index];
    if (line === undefined) return;
    const expandable = line.node.kind !== 'environment';
    const expanded = expandable && lines[index + 1]?.node.level === line.node.level + 1;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? LINE_HEIGHT) / LINE_HEIGHT) - 1);
    let handled = true;
    switch (event.key) {
      case 'ArrowDown':
        moveTo(index + 1);
        break;
      case 'ArrowUp':
        moveTo(index - 1);
        break;
      case 'PageDown':
        moveTo(index + page);
        break;
      case 'PageUp':
        moveTo(index - page);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(lines.length - 1);
        break;
      case 'ArrowRight':
        if (expandable && !expanded) toggle(line.node.key);
        else if (expanded) moveTo(index + 1);
        break;
      case 'ArrowLeft':
        if (expanded) toggle(line.node.key);
        else {
          let parent = index - 1;
          while (parent >= 0 && (lines[parent]?.node.level ?? 0) >= line.node.level) parent -= 1;
          if (parent >= 0) moveTo(parent);
        }
        break;
      case 'Enter':
      case ' ':
        activate(line);
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  }

  return (
    <div className="tree-frame" {...held.hold}>
      <SortAgain changed={changed} onSort={() => setRound((value) => value + 1)} />
      <div className="tree-viewport">
        <div
          ref={scrollRef}
          className="tree-scroller"
          role="tree"
          aria-label="Fleet by region, site and tenant"
          onKeyDown={onKeyDown}
          onFocus={(event) => {
            const key = event.target instanceof HTMLElement ? event.target.dataset.treeKey : undefined;
            if (key !== undefined) setActiveKey(key);
          }}
          onClick={(event) => {
            if (!(event.target instanceof HTMLElement)) return;
            const key = event.target.closest<HTMLElement>('[data-tree-key]')?.dataset.treeKey;
            const line = lines.find((candidate) => candidate.node.key === key);
            if (line === undefined) return;
            setActiveKey(line.node.key);
            activate(line);
          }}
        >
          <div className="tree-body" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const line = lines[item.index];
              if (line === undefined) return null;
              const expandable = line.node.kind !== 'environment';
              const expanded = expandable && lines[item.index + 1]?.node.level === line.node.level + 1;
              return (
                <TreeItem
                  key={item.key}
                  line={line}
                  top={item.start}
                  expanded={expandable ? expanded : undefined}
                  tabbable={line.node.key === tabbableKey}
                  selected={line.node.kind === 'environment' && model.idAt(line.node.group) === selectedId}
                  {...describe(model, line, counts, pairCounts, states)}
                />
              );
            })}
          </div>
        </div>
        {lines.length === 0 && <p className="grid-empty" style={{ top: 16 }}>No environment matches these filters.</p>}
      </div>
    </div>
  );
}

interface Described {
  label: string;
  detail: string;
  status: HealthStatus;
  size: number;
  /** Counts of the problems (not OK) under a branch, worst first. */
  problems: ReadonlyArray<readonly [HealthStatus, number]>;
  envId?: string;
}

function groupDescription(tally: Int32Array, group: number): Pick<Described, 'status' | 'size' | 'problems'> {
  const size = groupSize(tally, group);
  const problems = HEALTH_ORDER.flatMap((status, code): Array<readonly [HealthStatus, number]> => {
    const count = tally[group * HEALTH_ORDER.length + code] ?? 0;
    return status === 'ok' || count === 0 ? [] : [[status, count]];
  });
  return { size, problems, status: size === 0 ? 'unknown' : statusOfCode(worstCode(tally, group)) };
}

function describe(model: FleetModel, line: TreeLine, counts: GroupCounts, pairCounts: Int32Array, states: StateColumns): Described {
  const { node } = line;
  switch (node.kind) {
    case 'region':
      return { label: model.regions[node.group]?.name ?? '', detail: model.regions[node.group]?.timeZone ?? '', ...groupDescription(counts.region, node.group) };
    case 'site': {
      const site = model.index.sites[node.group];
      return { label: site?.name ?? '', detail: site === undefined ? '' : SITE_ROLE_LABELS[site.role], ...groupDescription(counts.site, node.group) };
    }
    case 'tenant': {
      const tenant = treeShapeOf(model).pairTenant[node.group] ?? 0;
      return { label: model.tenants.name[tenant] ?? '', detail: '', ...groupDescription(pairCounts, node.group) };
    }
    case 'environment': {
      const row = node.group;
      return {
        label: model.environments.name[row] ?? '',
        detail: states.reasons[states.reason[row] ?? -1] ?? '',
        status: statusOfCode(states.status[row] ?? -1),
        size: 1,
        problems: [],
        envId: model.idAt(row),
      };
    }
  }
}

interface TreeItemProps extends Described {
  line: TreeLine;
  top: number;
  expanded: boolean | undefined;
  tabbable: boolean;
  selected: boolean;
}

const TreeItem = memo(function TreeItem({ line, top, expanded, tabbable, selected, label, detail, status, size, problems, envId }: TreeItemProps) {
  const { node } = line;
  const name =
    node.kind === 'environment'
      ? `${label} (${envId ?? ''}): ${STATUS_LABELS[status]}, ${detail}`
      : `${label}: ${STATUS_LABELS[status]}, ${formatCount(size)} environments${problems.map(([problem, count]) => `, ${formatCount(count)} ${STATUS_LABELS[problem].toLowerCase()}`).join('')}`;
  return (
    <div
      role="treeitem"
      aria-level={node.level}
      aria-setsize={line.setSize}
      aria-posinset={line.position}
      aria-expanded={expanded}
      aria-selected={node.kind === 'environment' ? selected : undefined}
      aria-label={name}
      tabIndex={tabbable ? 0 : -1}
      data-tree-key={node.key}
      data-env-id={envId}
      data-status={status}
      className={`tree-line tree-${node.kind}${selected ? ' is-selected' : ''}`}
      style={{ transform: `translateY(${top}px)`, height: LINE_HEIGHT, paddingLeft: 8 + (node.level - 1) * 22 }}
    >
      <span className="tree-toggle" aria-hidden="true">
        {expanded === undefined ? '' : expanded ? '▾' : '▸'}
      </span>
      <StatusIcon status={status} />
      <span className="tree-label">{label}</span>
      {envId !== undefined && <span className="env-id">{envId}</span>}
      {node.kind !== 'environment' && <span className="tree-size">{formatCount(size)}</span>}
      <span className="tree-problems" aria-hidden="true">
        {problems.map(([problem, count]) => (
          <span key={problem} className="tree-problem" title={STATUS_LABELS[problem]}>
            <StatusIcon status={problem} />
            {formatCount(count)}
          </span>
        ))}
      </span>
      <span className="tree-detail">{detail}</span>
    </div>
  );
});
