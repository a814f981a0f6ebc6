namespace Understudy.Core.Nlb.Steering;

/// <summary>
/// Writes eBPF instructions (the kernel's <c>struct bpf_insn</c>, 8 bytes each, little-endian):
/// the few forms a socket-steering program needs, with forward jumps to named labels. Pure: the
/// node loads the bytes with the <c>bpf</c> system call.
/// </summary>
public sealed class Ebpf
{
    // Instruction classes, sizes, modes and operations (include/uapi/linux/bpf_common.h, bpf.h).
    private const byte ClassLd = 0x00;
    private const byte ClassLdx = 0x01;
    private const byte ClassStx = 0x03;
    private const byte ClassJmp = 0x05;
    private const byte ClassAlu64 = 0x07;
    private const byte SourceReg = 0x08;
    private const byte ModeMem = 0x60;
    private const byte SizeDw = 0x18;
    private const byte PseudoMapFd = 1;

    private readonly List<ulong> _slots = [];
    private readonly List<(int Slot, string Label)> _jumps = [];
    private readonly Dictionary<string, int> _labels = new(StringComparer.Ordinal);

    /// <summary>Registers r0–r10 (r10 is the read-only frame pointer).</summary>
    public enum Reg : byte { R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10 }

    /// <summary>64-bit arithmetic and logic operations.</summary>
    public enum Alu : byte { Add = 0x00, Sub = 0x10, Mul = 0x20, Or = 0x40, And = 0x50, Lsh = 0x60, Rsh = 0x70, Xor = 0xa0, Mov = 0xb0 }

    /// <summary>Conditional jumps (unsigned comparisons).</summary>
    public enum Jump : byte { Eq = 0x10, Ge = 0x30, Ne = 0x50 }

    /// <summary>Memory access sizes.</summary>
    public enum Size : byte { Word = 0x00, Half = 0x08, Byte = 0x10, Double = 0x18 }

    /// <summary>Instructions written so far (a 64-bit load counts two).</summary>
    public int Count => _slots.Count;

    /// <summary><paramref name="dst"/> op= <paramref name="imm"/> (64-bit; the immediate is sign-extended).</summary>
    public Ebpf Op(Alu op, Reg dst, int imm) => Emit((byte)(ClassAlu64 | (byte)op), dst, 0, 0, imm);

    /// <summary><paramref name="dst"/> op= <paramref name="src"/> (64-bit).</summary>
    public Ebpf Op(Alu op, Reg dst, Reg src) => Emit((byte)(ClassAlu64 | (byte)op | SourceReg), dst, src, 0, 0);

    /// <summary><paramref name="dst"/> = a 64-bit constant (two instruction slots).</summary>
    public Ebpf Load(Reg dst, ulong value) => LoadWide(dst, 0, value);

    /// <summary><paramref name="dst"/> = the map whose descriptor in the loading process is <paramref name="fd"/>.</summary>
    public Ebpf LoadMap(Reg dst, int fd) => LoadWide(dst, PseudoMapFd, (uint)fd);

    /// <summary><paramref name="dst"/> = *(size*)(<paramref name="src"/> + <paramref name="offset"/>), zero-extended.</summary>
    public Ebpf Load(Size size, Reg dst, Reg src, short offset) => Emit((byte)(ClassLdx | ModeMem | (byte)size), dst, src, offset, 0);

    /// <summary>*(size*)(<paramref name="dst"/> + <paramref name="offset"/>) = <paramref name="src"/>.</summary>
    public Ebpf Store(Size size, Reg dst, short offset, Reg src) => Emit((byte)(ClassStx | ModeMem | (byte)size), dst, src, offset, 0);

    /// <summary>If <paramref name="dst"/> compares to <paramref name="imm"/>, go to <paramref name="label"/> (forward only).</summary>
    public Ebpf JumpIf(Jump op, Reg dst, int imm, string label)
    {
        _jumps.Add((_slots.Count, label));
        return Emit((byte)(ClassJmp | (byte)op), dst, 0, 0, imm);
    }

    /// <summary>Calls kernel helper number <paramref name="helper"/> (arguments r1–r5, result r0; r1–r5 are lost).</summary>
    public Ebpf Call(int helper) => Emit(ClassJmp | 0x80, 0, 0, 0, helper);

    /// <summary>Returns r0.</summary>
    public Ebpf Exit() => Emit(ClassJmp | 0x90, 0, 0, 0, 0);

    /// <summary>Rotates <paramref name="dst"/> left by <paramref name="bits"/>, using <paramref name="scratch"/>.</summary>
    public Ebpf RotateLeft(Reg dst, int bits, Reg scratch) =>
        Op(Alu.Mov, scratch, dst).Op(Alu.Rsh, scratch, 64 - bits).Op(Alu.Lsh, dst, bits).Op(Alu.Or, dst, scratch);

    /// <summary>Marks where jumps to <paramref name="label"/> land.</summary>
    public Ebpf Label(string label)
    {
        _labels.Add(label, _slots.Count);
        return this;
    }

    /// <summary>The program's bytes, every jump resolved.</summary>
    public byte[] ToBytes()
    {
        var slots = _slots.ToArray();
        foreach (var (slot, label) in _jumps)
        {
            if (!_labels.TryGetValue(label, out var target) || target <= slot)
            {
                throw new InvalidOperationException($"eBPF jump at {slot} to '{label}': no such label after it");
            }

            var offset = (ulong)(ushort)(short)(target - slot - 1);
            slots[slot] = (slots[slot] & ~(0xFFFFUL << 16)) | (offset << 16);
        }

        var bytes = new byte[slots.Length * 8];
        for (var i = 0; i < slots.Length; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 8), slots[i]);
        }

        return BitConverter.IsLittleEndian ? bytes : throw new PlatformNotSupportedException("eBPF bytes are written little-endian");
    }

    private Ebpf LoadWide(Reg dst, byte src, ulong value)
    {
        Emit(ClassLd | SizeDw, dst, (Reg)src, 0, (int)(uint)value);
        _slots.Add((ulong)(uint)(value >> 32) << 32);
        return this;
    }

    private Ebpf Emit(byte code, Reg dst, Reg src, short offset, int imm)
    {
        _slots.Add(code | ((ulong)(((byte)src << 4) | (byte)dst) << 8) | ((ulong)(ushort)offset << 16) | ((ulong)(uint)imm << 32));
        return this;
    }
}
