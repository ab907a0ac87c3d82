import type { AreaHandlers } from '../api/handlers.js';
import type { CalendarService } from './calendar-service.js';

export function calendarHandlers(
  calendar: CalendarService,
): AreaHandlers<
  'calendar.view' | 'calendar.saveWindow' | 'calendar.removeWindow' | 'calendar.publish' | 'calendar.banners' | 'calendar.exportIcs' | 'calendar.importIcs'
> {
  return {
    'calendar.view': ({ range }) => calendar.view(range),
    'calendar.saveWindow': ({ window, previousId }) => calendar.saveWindow(window, previousId),
    'calendar.removeWindow': ({ id }) => calendar.removeWindow(id),
    'calendar.publish': async (request) => ({ outcomes: await calendar.publish(request) }),
    'calendar.banners': () => calendar.banners(),
    'calendar.exportIcs': (request) => calendar.exportIcs(request),
    'calendar.importIcs': (request) => calendar.importIcs(request),
  };
}
