import type { RemoteDeploymentState, RemoteDeploymentStatus, RemoteInterruption, RemoteLogLine } from '../capabilities.js';
import type { ActivityElement, Task, TaskDetails } from './octopus-api.js';

/** A deployment's task as the console sees it: Octopus task states, its activity tree and its log. */

/** Octopus task states (TaskState); a pending interruption pauses an executing task. */
function stateOf(task: Task): RemoteDeploymentState {
  switch (task.State) {
    case 'Queued':
      return 'queued';
    case 'Executing':
    case 'Cancelling':
      return task.HasPendingInterruptions ? 'paused' : 'running';
    case 'Success':
      return 'succeeded';
    case 'Canceled':
      return 'cancelled';
    case 'Failed':
    case 'TimedOut':
      return 'failed';
    default:
      // A state Octopus adds later: a completed task is judged by how it finished.
      if (!task.IsCompleted) return 'running';
      return task.FinishedSuccessfully ? 'succeeded' : 'failed';
  }
}

function messageOf(task: Task): string | null {
  if (task.State === 'Cancelling') return 'Octopus is cancelling the deployment';
  if (task.State === 'TimedOut') return task.ErrorMessage || 'the deployment did not start before its no-run-after time';
  if (!task.IsCompleted || task.FinishedSuccessfully) return null;
  return task.ErrorMessage || (task.State === 'Canceled' ? 'the deployment was cancelled' : `the deployment ended ${task.State}`);
}

/** The steps: the children of the task's root activity. */
function stepsOf(details: TaskDetails): ActivityElement[] {
  return details.ActivityLogs.flatMap((root) => root.Children ?? []);
}

/** The step running now, else the one that failed, by its name in the process. */
function stepOf(details: TaskDetails): string | null {
  const steps = stepsOf(details);
  const running = steps.find((step) => step.Status === 'Running');
  const failed = steps.find((step) => step.Status === 'Failed');
  return (running ?? failed)?.Name ?? null;
}

export function deploymentStatus(details: TaskDetails, interruption: RemoteInterruption | null): RemoteDeploymentStatus {
  const { Task: task } = details;
  const completed = stateOf(task) === 'succeeded';
  return {
    state: stateOf(task),
    progress: completed ? 100 : (details.Progress?.ProgressPercentage ?? null),
    step: stepOf(details),
    interruption,
    message: messageOf(task),
  };
}

function levelOf(category: string): RemoteLogLine['level'] {
  if (category === 'Error' || category === 'Fatal') return 'error';
  if (category === 'Warning') return 'warning';
  return 'info';
}

function collect(element: ActivityElement, into: RemoteLogLine[]): void {
  for (const line of element.LogElements ?? []) into.push({ at: line.OccurredAt, level: levelOf(line.Category), text: line.MessageText });
  for (const child of element.Children ?? []) collect(child, into);
}

/**
 * The task's log as one list. Octopus files lines under the activity that wrote them; sorted by
 * time (stable, so the tree's order breaks ties), lines of steps that run in parallel still only
 * ever append, and the caller's count of lines it has stays valid.
 */
export function logLines(details: TaskDetails): RemoteLogLine[] {
  const lines: RemoteLogLine[] = [];
  for (const root of details.ActivityLogs) collect(root, lines);
  return lines.sort((a, b) => a.at - b.at);
}
