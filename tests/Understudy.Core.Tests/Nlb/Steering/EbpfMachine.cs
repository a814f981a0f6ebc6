using System.Buffers.Binary;

namespace Understudy.Core.Tests.Nlb.Steering;

/// <summary>
/// A test-only interpreter for the eBPF subset <see cref="Core.Nlb.Steering.Ebpf"/> writes, run as
/// an <c>sk_reuseport</c> program: r1 is the context (<c>struct sk_reuseport_md</c>), the packet
/// is an IPv4 header followed by a TCP header, and array maps of u32 values are given by
/// descriptor. Registers carry what they point at, as the verifier tracks it, so a program that
/// reads a clobbered register, unwritten stack, or does arithmetic other than add/sub on a
/// pointer fails here as it would fail to load.
/// </summary>
public sealed class EbpfMachine
{
    /// <summary>Where the kernel puts <c>eth_protocol</c> in <c>struct sk_reuseport_md</c>.</summary>
    public const int EthProtocolOffset = 20;

    /// <summary>ETH_P_IP (0x0800) as the context holds it: big-endian, read as a little-endian u32.</summary>
    public const uint EthProtocolIpv4 = 0x0008;

    private const int StackSize = 512;
    private const int MaxInstructions = 4096;
    private const int Efault = -14;

    private readonly byte[] _context = new byte[64];
    private readonly byte[] _packet;
    private readonly IReadOnlyDictionary<int, uint[]> _arrayMaps;
    private readonly byte[] _stack = new byte[StackSize];
    private readonly bool[] _written = new bool[StackSize];
    private readonly Value[] _regs = new Value[11];

    public EbpfMachine(byte[] packet, uint ethProtocol, IReadOnlyDictionary<int, uint[]> arrayMaps)
    {
        _packet = packet;
        _arrayMaps = arrayMaps;
        BinaryPrimitives.WriteUInt32LittleEndian(_context.AsSpan(EthProtocolOffset), ethProtocol);
    }

    private enum Kind { Unset, Scalar, Stack, Context, MapValue, Map }

    /// <summary>A register: a scalar, or a pointer (region + byte offset in <see cref="Raw"/>), or a map.</summary>
    private readonly record struct Value(Kind Kind, ulong Raw, int Map = 0, uint Index = 0)
    {
        public static Value Scalar(ulong raw) => new(Kind.Scalar, raw);

        public bool IsPointer => Kind is Kind.Stack or Kind.Context or Kind.MapValue;
    }

    /// <summary>The (map descriptor, key) given to bpf_sk_select_reuseport, if it was called.</summary>
    public (int Map, uint Key)? Selected { get; private set; }

    /// <summary>The keys given to bpf_map_lookup_elem, in order, with their map descriptor.</summary>
    public List<(int Map, uint Key)> LookedUp { get; } = [];

    /// <summary>Instructions executed by the last <see cref="Run"/> (a 64-bit load counts one).</summary>
    public int Executed { get; private set; }

    /// <summary>Runs <paramref name="program"/> from its first instruction to EXIT and returns r0.</summary>
    public ulong Run(byte[] program)
    {
        if (program.Length % 8 != 0)
        {
            throw new InvalidOperationException($"program of {program.Length} bytes is not whole instructions");
        }

        Array.Fill(_regs, default);
        Array.Fill(_written, false);
        LookedUp.Clear();
        Selected = null;
        _regs[1] = new Value(Kind.Context, 0);
        _regs[10] = new Value(Kind.Stack, StackSize);
        var count = program.Length / 8;
        var pc = 0;
        for (Executed = 0; ; Executed++)
        {
            if (Executed >= MaxInstructions)
            {
                throw new InvalidOperationException($"more than {MaxInstructions} instructions executed");
            }

            if (pc < 0 || pc >= count)
            {
                throw new InvalidOperationException($"pc {pc} is outside the program (0..{count - 1})");
            }

            var insn = program.AsSpan(pc * 8, 8);
            var code = insn[0];
            var dst = insn[1] & 0x0f;
            var src = insn[1] >> 4;
            var offset = BinaryPrimitives.ReadInt16LittleEndian(insn[2..]);
            var imm = BinaryPrimitives.ReadInt32LittleEndian(insn[4..]);
            var k = (ulong)(long)imm; // sign-extended to 64 bits
            if (dst > 10 || src > 10)
            {
                throw new InvalidOperationException($"bad register at pc {pc}");
            }

            switch (code)
            {
                case 0x18: // LD_IMM64: two slots, the second's imm is the upper half (or src 1: a map fd)
                    if (pc + 1 >= count || program[(pc + 1) * 8] != 0)
                    {
                        throw new InvalidOperationException($"LD_IMM64 at pc {pc} without its second slot");
                    }

                    var high = (ulong)BinaryPrimitives.ReadUInt32LittleEndian(program.AsSpan(((pc + 1) * 8) + 4));
                    SetReg(dst, src switch
                    {
                        0 => Value.Scalar((uint)imm | (high << 32)),
                        1 when high == 0 => new Value(Kind.Map, 0, Map: imm),
                        _ => throw new InvalidOperationException($"LD_IMM64 at pc {pc}: unknown source {src}"),
                    });
                    pc += 2;
                    continue;
                case 0x61 or 0x69 or 0x71 or 0x79: // LDX MEM W/H/B/DW
                    SetReg(dst, Value.Scalar(Read(Reg(src), offset, SizeOf(code))));
                    break;
                case 0x63 or 0x6b or 0x73 or 0x7b: // STX MEM W/H/B/DW
                    Write(Reg(dst), offset, SizeOf(code), Reg(src));
                    break;
                case 0x15 or 0x35 or 0x55: // JEQ/JGE/JNE K, unsigned 64-bit
                    var left = Comparable(Reg(dst), k, pc);
                    var taken = code switch { 0x15 => left == k, 0x35 => left >= k, _ => left != k };
                    pc += taken ? offset + 1 : 1;
                    continue;
                case 0x85: // CALL
                    _regs[0] = Call(imm);
                    for (var r = 1; r <= 5; r++)
                    {
                        _regs[r] = default; // caller-saved: lost across the call
                    }

                    break;
                case 0x95: // EXIT
                    return Reg(0) is { Kind: Kind.Scalar } r0 ? r0.Raw : throw new InvalidOperationException("EXIT with a pointer in r0");
                default:
                    if ((code & 0x07) != 0x07)
                    {
                        throw new InvalidOperationException($"unknown opcode 0x{code:x2} at pc {pc}");
                    }

                    SetReg(dst, Alu(code, _regs[dst], (code & 0x08) != 0 ? Reg(src) : Value.Scalar(k), pc));
                    break;
            }

            pc++;
        }
    }

    private static Value Alu(byte code, Value dst, Value operand, int pc)
    {
        var op = code & 0xf0;
        if (op == 0xb0)
        {
            return operand; // MOV
        }

        if (dst.Kind == Kind.Unset)
        {
            throw new InvalidOperationException($"ALU on an unset register at pc {pc}"); // MOV alone may write one
        }

        if (dst.IsPointer || operand.IsPointer || dst.Kind == Kind.Map || operand.Kind == Kind.Map)
        {
            // The verifier allows a pointer plus or minus a scalar, nothing else.
            return (op, dst.IsPointer, operand.Kind) switch
            {
                (0x00, true, Kind.Scalar) => dst with { Raw = dst.Raw + operand.Raw },
                (0x10, true, Kind.Scalar) => dst with { Raw = dst.Raw - operand.Raw },
                _ => throw new InvalidOperationException($"ALU 0x{code:x2} on a pointer at pc {pc}"),
            };
        }

        ulong a = dst.Raw, b = operand.Raw;
        if (op is 0x60 or 0x70 && b >= 64)
        {
            throw new InvalidOperationException($"shift by {b} at pc {pc}");
        }

        return Value.Scalar(op switch
        {
            0x00 => a + b,
            0x10 => a - b,
            0x20 => a * b,
            0x40 => a | b,
            0x50 => a & b,
            0x60 => a << (int)b,
            0x70 => a >> (int)b,
            0xa0 => a ^ b,
            _ => throw new InvalidOperationException($"unknown ALU64 opcode 0x{code:x2} at pc {pc}"),
        });
    }

    private Value Call(int helper)
    {
        switch (helper)
        {
            case 1: // bpf_map_lookup_elem(map, key): a pointer to the value, or NULL
                var map = Reg(1) is { Kind: Kind.Map } m && _arrayMaps.TryGetValue(m.Map, out var values)
                    ? (Fd: m.Map, Values: values)
                    : throw new InvalidOperationException("bpf_map_lookup_elem: r1 is not an array map");
                var key = (uint)Read(Reg(2), 0, 4);
                LookedUp.Add((map.Fd, key));
                return key < map.Values.Length ? new Value(Kind.MapValue, 0, map.Fd, key) : Value.Scalar(0);
            case 68: // bpf_skb_load_bytes_relative(ctx, offset, to, len, start_header)
                RequireContext(Reg(1));
                var from = Scalar(Reg(2));
                var length = Scalar(Reg(4));
                if (Reg(3).Kind != Kind.Stack || Scalar(Reg(5)) != 1 || length is 0 or > StackSize)
                {
                    throw new InvalidOperationException("bpf_skb_load_bytes_relative: bad arguments");
                }

                var to = StackBytes(Reg(3), 0, (int)length, write: true);
                if (from + length > (ulong)_packet.Length)
                {
                    to.Clear(); // as the kernel leaves it
                    return Value.Scalar(unchecked((ulong)Efault));
                }

                _packet.AsSpan((int)from, (int)length).CopyTo(to);
                return Value.Scalar(0);
            case 82: // bpf_sk_select_reuseport(ctx, map, key, flags)
                RequireContext(Reg(1));
                var sockets = Reg(2) is { Kind: Kind.Map } s ? s.Map : throw new InvalidOperationException("bpf_sk_select_reuseport: r2 is not a map");
                var socketKey = (uint)Read(Reg(3), 0, 4);
                _ = Scalar(Reg(4));
                Selected = (sockets, socketKey);
                return Value.Scalar(0);
            default:
                throw new InvalidOperationException($"unknown helper {helper}");
        }
    }

    private ulong Read(Value pointer, int offset, int size)
    {
        var start = pointer.Raw + (ulong)(long)offset;
        Span<byte> buffer = stackalloc byte[8];
        switch (pointer.Kind)
        {
            case Kind.Stack:
                StackBytes(pointer, offset, size, write: false).CopyTo(buffer);
                break;
            case Kind.Context:
                Bounds(start, size, _context.Length);
                _context.AsSpan((int)start, size).CopyTo(buffer);
                break;
            case Kind.MapValue:
                Bounds(start, size, 4);
                Span<byte> value = stackalloc byte[4];
                BinaryPrimitives.WriteUInt32LittleEndian(value, _arrayMaps[pointer.Map][pointer.Index]);
                value.Slice((int)start, size).CopyTo(buffer);
                break;
            default:
                throw new InvalidOperationException($"load through a {pointer.Kind} register");
        }

        return BinaryPrimitives.ReadUInt64LittleEndian(buffer) & (size == 8 ? ulong.MaxValue : (1UL << (size * 8)) - 1);
    }

    private void Write(Value pointer, int offset, int size, Value value)
    {
        if (pointer.Kind != Kind.Stack || value.Kind != Kind.Scalar)
        {
            throw new InvalidOperationException($"store of a {value.Kind} through a {pointer.Kind} register (only scalars to the stack)");
        }

        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value.Raw);
        bytes[..size].CopyTo(StackBytes(pointer, offset, size, write: true));
    }

    /// <summary>The stack bytes at <paramref name="pointer"/> + <paramref name="offset"/>: to be
    /// written (marked so), or read (every byte must have been written).</summary>
    private Span<byte> StackBytes(Value pointer, int offset, int size, bool write)
    {
        var start = pointer.Raw + (ulong)(long)offset;
        Bounds(start, size, StackSize);
        if (write)
        {
            _written.AsSpan((int)start, size).Fill(true);
        }
        else if (Array.IndexOf(_written, false, (int)start, size) >= 0)
        {
            throw new InvalidOperationException($"read of unwritten stack at fp{(long)start - StackSize}");
        }

        return _stack.AsSpan((int)start, size);
    }

    private static void Bounds(ulong start, int size, int length)
    {
        if (start > (ulong)length || start + (ulong)size > (ulong)length)
        {
            throw new InvalidOperationException($"access of {size} bytes at {(long)start} outside a region of {length}");
        }
    }

    private static ulong Comparable(Value value, ulong k, int pc) => value switch
    {
        { Kind: Kind.Scalar } => value.Raw,
        { IsPointer: true } when k == 0 => 1, // a non-NULL pointer compared with NULL
        _ => throw new InvalidOperationException($"comparison of a {value.Kind} register at pc {pc}"),
    };

    private static ulong Scalar(Value value) =>
        value.Kind == Kind.Scalar ? value.Raw : throw new InvalidOperationException($"helper argument is a {value.Kind}, not a scalar");

    private static void RequireContext(Value value)
    {
        if (value is not { Kind: Kind.Context, Raw: 0 })
        {
            throw new InvalidOperationException("helper's r1 is not the context");
        }
    }

    private Value Reg(int r) => _regs[r].Kind != Kind.Unset ? _regs[r] : throw new InvalidOperationException($"read of unset register r{r}");

    private void SetReg(int r, Value value) =>
        _regs[r] = r != 10 ? value : throw new InvalidOperationException("r10 is read-only");

    private static int SizeOf(byte code) => (code & 0x18) switch { 0x00 => 4, 0x08 => 2, 0x10 => 1, _ => 8 };
}
