/**
 * The two classes, in the order every model's output holds them. The app's engines and the
 * Node pipeline both read this list: a model trained with another order would be read upside
 * down, so there is one definition.
 */
export const LABELS = ['road', 'not-road'] as const;
export type Label = (typeof LABELS)[number];

/** Index of each class in a model's output vector. */
export const ROAD_INDEX = LABELS.indexOf('road');
export const NOT_ROAD_INDEX = LABELS.indexOf('not-road');
