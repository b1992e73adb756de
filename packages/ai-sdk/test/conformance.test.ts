import { runConformanceSuite } from '@tripokit/testing/conformance';
import { catalogue, createAiSdkDriver } from './driver.js';

runConformanceSuite({ name: 'ai-sdk', catalogue, createDriver: createAiSdkDriver });
