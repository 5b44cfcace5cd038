// The request sent to the model for one kernel, and how its answer is read back: the model must return
// one complete kernel with the same name and parameters in a ```cuda block; anything else is rejected.
import type { ChatMessage } from './endpoint';

export function kernelPrompt(kernelText: string, kernelName: string, gpuName: string): ChatMessage[] {
  return [
    {
      role: 'system',
      content: 'You optimize CUDA kernels. Answer with exactly one ```cuda code block holding the complete rewritten ' +
        'kernel and nothing else. Keep the kernel name, the parameter list and the results identical for every ' +
        'launch configuration the original supports; use only CUDA C++ that nvcc compiles without extra headers.',
    },
    {
      role: 'user',
      content: `Make this kernel faster on an ${gpuName}. Keep the name \`${kernelName}\` and its parameters.\n\n\`\`\`cuda\n${kernelText}\n\`\`\``,
    },
  ];
}

/** The kernel definition in the answer, or why the answer is unusable. */
export function extractKernel(answer: string, kernelName: string): { kernel: string } | { error: string } {
  const block = /```(?:cuda|cpp|c\+\+|cu)?\s*\n([\s\S]*?)```/.exec(answer);
  const code = (block ? block[1] : answer).trim();
  if (!new RegExp(`__global__[\\s\\S]*?\\b${kernelName}\\s*\\(`).test(code)) {
    return { error: `the answer does not define the kernel \`${kernelName}\`` };
  }
  if (/\bint\s+main\s*\(/.test(code)) return { error: 'the answer contains a host program, not just the kernel' };
  return { kernel: code };
}
