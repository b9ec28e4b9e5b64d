/**
 * The Objection models. Only the stores (shared/stores) use them, each with
 * its own knex (`Model.query(this.knex)`): no model is bound to a global
 * connection, so nothing can reach the database without going through a store.
 */
export { BaseModel } from './BaseModel';
export { User } from './User';
export { Plant } from './Plant';
export { Reading } from './Reading';
export { ApiToken } from './ApiToken';
export { Watering } from './Watering';
export { PlantEvent } from './PlantEvent';
export { Webhook } from './Webhook';
export { WebhookDelivery } from './WebhookDelivery';
