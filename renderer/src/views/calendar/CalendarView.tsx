import { NotBuiltView } from '../../components/NotBuiltView.js';

export function CalendarView() {
  return (
    <NotBuiltView title="Calendar">
      Calendar is not built yet. It will show maintenance windows, freezes and upgrade timeslots in your time zone, each
      region&apos;s time zone and UTC.
    </NotBuiltView>
  );
}
