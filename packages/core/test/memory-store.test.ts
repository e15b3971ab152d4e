import { describeStoreConformance } from '@chatshare/core/testing';
import { MemoryShareStore } from '@chatshare/core';

describeStoreConformance({ name: 'memory', createStore: () => new MemoryShareStore() });
