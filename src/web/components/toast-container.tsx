// A module of its own so the bundler can split the toast container from the notifications store.
import '@mantine/notifications/styles.layer.css';

export { Notifications } from '@mantine/notifications';
