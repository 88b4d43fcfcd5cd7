import * as tf from '@tensorflow/tfjs';
import { beforeAll } from 'vitest';

beforeAll(async () => {
  if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend did not start');
});
