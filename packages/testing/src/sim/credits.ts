import type { TaskRecord, TaskState } from './tasks.js';

/** Credit balance: frozen at creation, charged on success, refunded on any other final status (§12). */
export class CreditLedger {
  #available: number;
  #frozen = 0;

  constructor(initial: number) {
    this.#available = initial;
  }

  /** Spendable credits (what the API reports as `balance`). */
  get available(): number {
    return this.#available;
  }

  get frozen(): number {
    return this.#frozen;
  }

  set(balance: number): void {
    this.#available = balance;
  }

  canAfford(price: number): boolean {
    return this.#available >= price;
  }

  freeze(price: number): void {
    this.#available -= price;
    this.#frozen += price;
  }

  /** Settles a task once it is final; idempotent. */
  settle(task: TaskRecord, state: TaskState): void {
    if (task.settled || !state.finalized) return;
    this.#frozen -= task.price;
    if (state.status === 'success') {
      task.settled = 'charged';
    } else {
      this.#available += task.price;
      task.settled = 'refunded';
    }
  }
}
