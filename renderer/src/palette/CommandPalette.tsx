import { useDeferredValue, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { ModalDialog } from '../components/ModalDialog.js';
import { formatCount } from '../time/format.js';
import { usePaletteStore } from './palette-store.js';
import { searchPalette, type PaletteItem, type PaletteTarget } from './palette-search.js';
import { runPaletteTarget } from './run-palette-target.js';
import { usePaletteSources } from './use-palette-sources.js';
import './palette.css';

const KIND_NAMES: Readonly<Record<PaletteTarget['kind'], string>> = {
  view: 'View',
  environment: 'Environment',
  tenant: 'Tenant',
  region: 'Region',
  incident: 'Incident',
  deployment: 'Deployment',
  declare: 'Action',
  deploy: 'Action',
};

function PaletteSearch({ onClose }: { onClose: () => void }) {
  const sources = usePaletteSources();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const searched = useDeferredValue(query);
  const results = useMemo(() => searchPalette(searched, sources), [searched, sources]);
  const listId = useId();
  const optionId = (index: number) => `${listId}-option-${index}`;
  const activeIndex = Math.min(active, results.length - 1);

  function run(item: PaletteItem): void {
    onClose();
    runPaletteTarget(item.target);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    const moves: Record<string, number> = { ArrowDown: activeIndex + 1, ArrowUp: activeIndex - 1, PageDown: activeIndex + 10, PageUp: activeIndex - 10 };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      if (results.length > 0) setActive((target + results.length) % results.length);
      return;
    }
    const chosen = results[activeIndex];
    if (event.key === 'Enter' && chosen !== undefined) {
      event.preventDefault();
      run(chosen);
    }
  }

  return (
    <>
      <input
        className="palette-input"
        type="text"
        role="combobox"
        aria-label="Go to or run"
        aria-expanded={results.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeIndex >= 0 ? optionId(activeIndex) : undefined}
        placeholder="An environment, tenant, region, incident, deployment, view or action"
        autoComplete="off"
        spellCheck={false}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} role="listbox" aria-label="Matches" className="palette-list">
        {results.map((item, index) => (
          <li
            key={item.key}
            id={optionId(index)}
            role="option"
            aria-selected={index === activeIndex}
            className="palette-option"
            ref={index === activeIndex ? (element) => element?.scrollIntoView({ block: 'nearest' }) : undefined}
            onClick={() => run(item)}
          >
            <span className="palette-kind">{KIND_NAMES[item.target.kind]}</span>
            <span className="palette-label">{item.label}</span>
            <span className="palette-detail">{item.detail}</span>
          </li>
        ))}
      </ul>
      <p className="palette-foot muted" role="status">
        {results.length === 0 ? 'Nothing matches.' : `${formatCount(results.length)} shown · ↑ ↓ to choose · Enter to go · Esc to close`}
      </p>
    </>
  );
}

/** Ctrl+K / Cmd+K: go anywhere or start an action from the keyboard; actions open their usual dialogs. */
export function CommandPalette() {
  const open = usePaletteStore((state) => state.open);
  const close = usePaletteStore((state) => state.close);
  if (!open) return null;
  return (
    <ModalDialog title="Go to or run" onClose={close} className="command-palette">
      <PaletteSearch onClose={close} />
    </ModalDialog>
  );
}
