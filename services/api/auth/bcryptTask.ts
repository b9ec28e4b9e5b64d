import bcrypt from 'bcryptjs';

/** One bcrypt job, run on a worker thread so hashing never blocks the API's event loop. */
export type BcryptTask = { op: 'hash'; secret: string; cost: number } | { op: 'compare'; secret: string; hash: string };

export default function run(task: BcryptTask): string | boolean {
  return task.op === 'hash' ? bcrypt.hashSync(task.secret, task.cost) : bcrypt.compareSync(task.secret, task.hash);
}
