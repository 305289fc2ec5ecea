export {
  type BossOptions,
  type CreateDatabaseOptions,
  createDatabase,
  type Database,
  type Db,
  type Transaction,
} from './create-database';
export { migrationsFolder } from './migrate';
export * from './schema/index';
export { pgliteExecutor, postgresExecutor, type SqlExecutor, type SqlRow } from './sql-executor';
export { analyzeStaleTables } from './statistics';
