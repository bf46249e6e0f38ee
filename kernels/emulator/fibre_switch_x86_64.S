// x86-64 System V context switch for the CPU engine's fibres (fibre.h). A suspended context's stack holds, from
// its saved stack pointer up: 8 bytes of padding (keeps a new fibre's stack 16-byte aligned), r15, r14, r13, r12,
// rbx, rbp and the return address. Caller-saved registers need no saving: the switch is an ordinary call. MXCSR
// and the x87 control word are not switched (ldmxcsr and fldcw would double the cost): every fibre runs with the
// worker thread's floating-point environment, and kernels never change it.

  .text

// void wstal_emu_switch(void** save_sp /* rdi */, void* load_sp /* rsi */)
  .globl wstal_emu_switch
  .hidden wstal_emu_switch
  .type wstal_emu_switch, @function
wstal_emu_switch:
  .cfi_startproc
  pushq %rbp
  pushq %rbx
  pushq %r12
  pushq %r13
  pushq %r14
  pushq %r15
  subq $8, %rsp
  movq %rsp, (%rdi)
  movq %rsi, %rsp
  addq $8, %rsp
  popq %r15
  popq %r14
  popq %r13
  popq %r12
  popq %rbx
  popq %rbp
  ret
  .cfi_endproc
  .size wstal_emu_switch, .-wstal_emu_switch

// Entered by the `ret` of the first switch to a new fibre, with rsp 16-byte aligned: calls r13(r12), which never
// returns (an exited fibre switches away for good).
  .globl wstal_emu_fibre_trampoline
  .hidden wstal_emu_fibre_trampoline
  .type wstal_emu_fibre_trampoline, @function
wstal_emu_fibre_trampoline:
  .cfi_startproc
  .cfi_undefined rip
  xorl %ebp, %ebp
  movq %r12, %rdi
  callq *%r13
  ud2
  .cfi_endproc
  .size wstal_emu_fibre_trampoline, .-wstal_emu_fibre_trampoline

  .section .note.GNU-stack,"",@progbits
