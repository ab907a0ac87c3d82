import { memo, useId } from 'react';
import { FLEET_LAYOUT_LABELS, FLEET_LAYOUTS, useFleetLayoutStore } from './fleet-layout-store.js';

/** Table, grid or tree: native radios, so arrow keys and screen readers work as everywhere else. */
export const LayoutSwitch = memo(function LayoutSwitch() {
  const name = useId();
  const layout = useFleetLayoutStore((state) => state.layout);
  const setLayout = useFleetLayoutStore((state) => state.setLayout);
  return (
    <fieldset className="layout-switch">
      <legend>Show as</legend>
      <div className="layout-options">
        {FLEET_LAYOUTS.map((option) => (
          <label key={option} className={option === layout ? 'is-checked' : undefined}>
            <input type="radio" name={name} value={option} checked={option === layout} onChange={() => setLayout(option)} />
            {FLEET_LAYOUT_LABELS[option]}
          </label>
        ))}
      </div>
    </fieldset>
  );
});
