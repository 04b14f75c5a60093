export * from './vectorClock';
export * from './version';
export * from './siblings';
