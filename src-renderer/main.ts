import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { createAppRouter } from './router';
import { apiKey } from './stores/api-context';
import { useApi } from './api';
import './theme/global.css';

const app = createApp(App);
app.provide(apiKey, useApi());
app.use(createPinia());
app.use(createAppRouter());
app.mount('#app');
