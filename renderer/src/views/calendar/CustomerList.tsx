import { useState } from 'react';
import type { AffectedCustomer } from '../../../../shared/contract/calendar.js';
import { formatLocalSpan, formatZonedTime } from './calendar-format.js';

/** A long list is cut here until asked for, so the detail opens at once on a large fleet. */
const FIRST_SHOWN = 50;

/** The customers an occurrence touches (the core lists the first ones of a large scope), each in its region's local time. */
export function CustomerList({ customers, total }: { customers: readonly AffectedCustomer[]; total: number }) {
  const [all, setAll] = useState(false);
  if (customers.length === 0) return <p className="muted">No customer environment is in its scope.</p>;
  const shown = all ? customers : customers.slice(0, FIRST_SHOWN);
  return (
    <>
      <table className="data-table customer-table">
        <thead>
          <tr>
            <th scope="col">Customer</th>
            <th scope="col">Region</th>
            <th scope="col">Environments</th>
            <th scope="col">Their local time</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((customer) => (
            <tr key={customer.tenantId}>
              <th scope="row">{customer.name}</th>
              <td>{customer.regionId}</td>
              <td className="env-list">{customer.environments.join(', ')}</td>
              <td>
                {formatZonedTime(customer.start)} <span className="muted">({formatLocalSpan(customer.start, customer.end)})</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!all && customers.length > FIRST_SHOWN && (
        <button type="button" onClick={() => setAll(true)}>
          Show {customers.length - FIRST_SHOWN} more
        </button>
      )}
      {(all || customers.length <= FIRST_SHOWN) && total > customers.length && (
        <p className="muted">and {total - customers.length} more customers in the scope.</p>
      )}
    </>
  );
}
