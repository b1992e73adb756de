import { CREDIT_PRICES } from '../pricing.js';

/** The price sentence of a 3D generation tool's description, from the same table `estimateCredits` uses. */
export function generationCostText(kind: 'text' | 'image'): string {
  const prices = kind === 'text' ? CREDIT_PRICES.textToModel : CREDIT_PRICES.imageToModel;
  return `Cost on success: ${prices.standard.textured} credits (${prices.standard.untextured} untextured; P1 ${prices.p1.textured}/${prices.p1.untextured}), more with detailed quality, quad, smart_low_poly or generate_parts (estimate_cost prices options).`;
}
