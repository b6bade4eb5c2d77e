/** Cache names shared by the service worker and the page. */
export const MODEL_CACHE = 'roadgate-models-v1';
