// A module of its own so the bundler can split the toast container from the notifications store.
export { Notifications } from '@mantine/notifications';
