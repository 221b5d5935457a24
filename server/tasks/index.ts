export { TASK_STATUSES, type Task, type TaskFunction, type TaskOutcome, type TaskStatus } from "./types";
export { scheduleTask, type ScheduleTaskInput } from "./schedule-task";
export { updateTask, type UpdateTaskInput } from "./update-task";
export { getTask, getTasks, type GetTasksInput } from "./get-tasks";
export { cancelTask, deleteTask } from "./cancel-task";
export { cleanupTasks } from "./cleanup-tasks";
export { createTaskScheduler, type RegisterOptions, type TaskScheduler, type TaskSchedulerOptions } from "./scheduler";
