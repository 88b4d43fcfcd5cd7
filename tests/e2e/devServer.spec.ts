import { DEV_PORT } from '../../playwright.config';
import { expect, test, trainUntil, waitForBackend } from './fixtures';

// The README's first command serves the page through Vite's development server, under React's StrictMode
// (effects mount, unmount and mount again): the page must start its run and train there too.
test('the development server (npm run dev) serves a page that starts its run and trains', async ({ watched: page }) => {
  await page.goto(`http://127.0.0.1:${DEV_PORT}/?backend=wasm`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Gate Lab');
  await waitForBackend(page, 'wasm');
  await trainUntil(page, 2);
  await expect(page.getByTestId('valid-g2')).toHaveText(/^\d+\.\d{3}$/);
});
