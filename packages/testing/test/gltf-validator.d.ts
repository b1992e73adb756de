declare module 'gltf-validator' {
  interface ValidationReport {
    issues: { numErrors: number; numWarnings: number; messages: Array<{ code: string; message: string }> };
    info?: { drawCallCount?: number; totalTriangleCount?: number; totalVertexCount?: number };
  }
  export function validateBytes(
    data: Uint8Array,
    options?: { maxIssues?: number },
  ): Promise<ValidationReport>;
}
