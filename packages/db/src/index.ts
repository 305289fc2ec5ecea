export {
  type CreateDatabaseOptions,
  createDatabase,
  type Database,
  type Db,
  type Transaction,
} from './create-database';
export { analyzeStaleTables, vacuumDeadTables } from './maintenance';
export { migrationsFolder } from './migrate';
export * from './schema/index';
export { pgliteExecutor, postgresExecutor, type SqlExecutor, type SqlRow } from './sql-executor';
