import { CREDIT_PRICES } from '../pricing.js';

/** The price sentence of a 3D generation tool's description, from the same table `estimateCredits` uses. */
export function generationCostText(kind: 'text' | 'image'): string {
  const prices = kind === 'text' ? CREDIT_PRICES.textToModel : CREDIT_PRICES.imageToModel;
  const q = CREDIT_PRICES.textureQualityExtra;
  const a = CREDIT_PRICES.generationAddOns;
  return `Cost: ${prices.standard.textured} credits textured (${prices.standard.untextured} with texture:false); P1 versions ${prices.p1.textured}/${prices.p1.untextured}; texture_quality detailed +${q.detailed} (extreme about +${q.extreme}, an estimate); on H2/H3 quad +${a.quad}, smart_low_poly +${a.smart_low_poly}, generate_parts +${a.generate_parts}, geometry_quality detailed +${a.geometry_quality_detailed}. Charged only on success; estimate_cost prices exact options.`;
}
