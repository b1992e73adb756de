import { runConformanceSuite } from '@tripokit/testing/conformance';
import { catalogue, createLangChainDriver } from './driver.js';

runConformanceSuite({ name: 'langchain', catalogue, createDriver: createLangChainDriver });
