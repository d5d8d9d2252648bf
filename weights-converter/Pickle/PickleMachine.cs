using System.Globalization;
using System.Numerics;
using System.Text;

namespace KDTalker.WeightsConverter.Pickle;

/// <summary>
/// A pickle virtual machine for protocols 0-5 (the opcodes torch.save and Python emit). It only
/// builds data: globals are references, and every call goes through an <see cref="IPickleResolver"/>
/// allow-list. The machine is iterative (no recursion), each opcode consumes input, and every length
/// is checked, so a crafted pickle ends in a <see cref="PickleException"/>, never a hang or a crash.
/// </summary>
public sealed class PickleMachine
{
    private static readonly object Mark = new();
    private readonly IPickleResolver _resolver;
    private readonly List<object?> _stack = [];
    private readonly Stack<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = new();
    private PickleInput _input = null!;

    /// <summary>Creates a machine that calls through <paramref name="resolver"/>.</summary>
    public PickleMachine(IPickleResolver resolver) => _resolver = resolver;

    /// <summary>Runs one pickle from the stream's position up to its STOP and returns the object.</summary>
    public object? Load(Stream stream)
    {
        _input = new PickleInput(stream);
        _stack.Clear();
        _marks.Clear();
        _memo.Clear();
        while (true)
        {
            byte opcode = _input.ReadByte();
            if (opcode == (byte)'.')
            {
                if (_stack.Count != 1 || _marks.Count != 0)
                    throw new PickleException($"STOP at byte {_input.Position} with {_stack.Count} values on the stack; the pickle is corrupt.");
                return Pop();
            }
            Step(opcode);
        }
    }

    private void Step(byte opcode)
    {
        switch (opcode)
        {
            case 0x80: // PROTO
                if (_input.ReadByte() > 5)
                    throw new PickleException("The pickle uses a protocol newer than 5.");
                break;
            case 0x95: _input.ReadInt64(); break; // FRAME: a length hint only
            case (byte)'}': Push(new PickleDict()); break;
            case (byte)']': Push(new List<object?>()); break;
            case (byte)')': Push(new PickleTuple([])); break;
            case 0x8f: Push(new PickleObject(new PickleGlobal("builtins", "set"), [])); break; // EMPTY_SET
            case (byte)'(': _marks.Push(_stack.Count); break;
            case (byte)'t': Push(new PickleTuple(PopMark())); break;
            case 0x85: Push(new PickleTuple([Pop()])); break;
            case 0x86: { var b = Pop(); var a = Pop(); Push(new PickleTuple([a, b])); break; }
            case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); Push(new PickleTuple([a, b, c])); break; }
            case (byte)'l': Push(PopMark().ToList()); break; // LIST
            case (byte)'d': Push(DictFrom(PopMark())); break; // DICT
            case 0x91: PopMark(); Push(new PickleObject(new PickleGlobal("builtins", "frozenset"), [])); break;
            case 0x90: PopMark(); Peek(); break; // ADDITEMS to a set placeholder

            case (byte)'q': Memoize(_input.ReadByte()); break;
            case (byte)'r': Memoize(_input.ReadUInt32()); break;
            case (byte)'p': Memoize(ParseInt(_input.ReadLine())); break;
            case 0x94: Memoize(_memo.Count); break; // MEMOIZE
            case (byte)'h': Push(Recall(_input.ReadByte())); break;
            case (byte)'j': Push(Recall(_input.ReadUInt32())); break;
            case (byte)'g': Push(Recall(ParseInt(_input.ReadLine()))); break;

            case (byte)'N': Push(null); break;
            case 0x88: Push(true); break;
            case 0x89: Push(false); break;
            case (byte)'K': Push((long)_input.ReadByte()); break;
            case (byte)'M': Push((long)_input.ReadUInt16()); break;
            case (byte)'J': Push((long)_input.ReadInt32()); break;
            case 0x8a: Push(Long(_input.ReadBytes(_input.ReadByte()))); break;
            case 0x8b: Push(Long(_input.ReadBytes(Limited(_input.ReadInt32(), 1 << 12, "LONG4")))); break;
            case (byte)'I': Push(ParseIntOrBool(_input.ReadLine())); break;
            case (byte)'L': Push(ParseInt(_input.ReadLine().TrimEnd('L'))); break;
            case (byte)'G': Push(_input.ReadFloat64BigEndian()); break;
            case (byte)'F': Push(ParseFloat(_input.ReadLine())); break;

            case (byte)'X': Push(_input.ReadUtf8(_input.ReadUInt32())); break;
            case 0x8c: Push(_input.ReadUtf8(_input.ReadByte())); break;
            case 0x8d: Push(_input.ReadUtf8(_input.ReadInt64())); break;
            case (byte)'V': Push(_input.ReadLine()); break; // UNICODE (raw-unicode-escape; ASCII in practice)
            case (byte)'U': Push(Latin1(_input.ReadBytes(_input.ReadByte()))); break;
            case (byte)'T': Push(Latin1(_input.ReadBytes(_input.ReadUInt32()))); break;
            case (byte)'S': Push(_input.ReadLine().Trim('\'', '"')); break;
            case (byte)'C': Push(_input.ReadBytes(_input.ReadByte())); break;
            case (byte)'B': Push(_input.ReadBytes(_input.ReadUInt32())); break;
            case 0x8e: Push(_input.ReadBytes(_input.ReadInt64())); break;
            case 0x96: Push(_input.ReadBytes(_input.ReadInt64())); break; // BYTEARRAY8

            case (byte)'a': { var item = Pop(); ListOf(Peek(), "APPEND").Add(item); break; }
            case (byte)'e': { var items = PopMark(); ListOf(Peek(), "APPENDS").AddRange(items); break; }
            case (byte)'s': { var value = Pop(); var key = Pop(); DictOf(Peek(), "SETITEM").Set(key, value); break; }
            case (byte)'u': SetItems(PopMark(), DictOf(Peek(), "SETITEMS")); break;

            case (byte)'0': Pop(); break;
            case (byte)'1': PopMark(); break;
            case (byte)'2': Push(Peek()); break;

            case (byte)'c': Push(new PickleGlobal(_input.ReadLine(), _input.ReadLine())); break;
            case 0x93: { var name = Pop(); var module = Pop(); Push(new PickleGlobal(Text(module), Text(name))); break; } // STACK_GLOBAL
            case (byte)'R': { var args = Pop(); var callable = Pop(); Push(Call(callable, TupleItems(args, "REDUCE"))); break; }
            case 0x81: { var args = Pop(); var type = Pop(); Push(Call(type, TupleItems(args, "NEWOBJ"))); break; }
            case 0x92: { Pop(); var args = Pop(); var type = Pop(); Push(Call(type, TupleItems(args, "NEWOBJ_EX"))); break; }
            case (byte)'b': { var state = Pop(); Build(Peek(), state); break; }
            case (byte)'Q': Push(_resolver.PersistentLoad(Pop())); break;
            case (byte)'P': Push(_resolver.PersistentLoad(_input.ReadLine())); break;

            default:
                throw new PickleException($"Unknown or unsupported pickle opcode 0x{opcode:x2} at byte {_input.Position - 1}.");
        }
    }

    private object? Call(object? callable, object?[] arguments) => callable is PickleGlobal global
        ? _resolver.Call(global, arguments)
        : new PickleObject(new PickleGlobal("?", PickleException.Describe(callable)), arguments);

    private static void Build(object? target, object? state)
    {
        switch (target)
        {
            case PickleDict dict: dict.State = state; break; // OrderedDict attributes (_metadata), not items
            case PickleObject obj: obj.State = state; break;
            default: break; // tensors and plain values ignore BUILD state
        }
    }

    private static void SetItems(object?[] items, PickleDict dict)
    {
        if (items.Length % 2 != 0)
            throw new PickleException("SETITEMS needs key/value pairs.");
        for (int i = 0; i < items.Length; i += 2)
            dict.Set(items[i], items[i + 1]);
    }

    private static PickleDict DictFrom(object?[] items)
    {
        var dict = new PickleDict();
        SetItems(items, dict);
        return dict;
    }

    private void Memoize(long key)
    {
        if (_stack.Count == 0)
            throw new PickleException("PUT with an empty stack.");
        _memo[key] = _stack[^1];
    }

    private object? Recall(long key) =>
        _memo.TryGetValue(key, out var value) ? value : throw new PickleException($"GET of memo entry {key}, which was never stored.");

    private void Push(object? value) => _stack.Add(value);

    private object? Pop()
    {
        if (_stack.Count == 0 || (_marks.Count > 0 && _marks.Peek() == _stack.Count))
            throw new PickleException($"Stack underflow at byte {_input.Position}; the pickle is corrupt.");
        var value = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private object? Peek() =>
        _stack.Count == 0 ? throw new PickleException($"Stack underflow at byte {_input.Position}; the pickle is corrupt.") : _stack[^1];

    private object?[] PopMark()
    {
        if (_marks.Count == 0)
            throw new PickleException($"No MARK to pop to at byte {_input.Position}; the pickle is corrupt.");
        int start = _marks.Pop();
        var items = _stack.GetRange(start, _stack.Count - start).ToArray();
        _stack.RemoveRange(start, _stack.Count - start);
        return items;
    }

    private static List<object?> ListOf(object? value, string opcode) =>
        value as List<object?> ?? throw new PickleException($"{opcode} on a {PickleException.Describe(value)}, not a list.");

    private static PickleDict DictOf(object? value, string opcode) =>
        value as PickleDict ?? throw new PickleException($"{opcode} on a {PickleException.Describe(value)}, not a dict.");

    private static object?[] TupleItems(object? value, string opcode) =>
        value is PickleTuple tuple ? tuple.Items : throw new PickleException($"{opcode} arguments are a {PickleException.Describe(value)}, not a tuple.");

    private static string Text(object? value) =>
        value as string ?? throw new PickleException($"Expected a string, got {PickleException.Describe(value)}.");

    private static long Limited(long length, long limit, string opcode) =>
        length < 0 || length > limit ? throw new PickleException($"{opcode} declares {length} bytes (limit {limit}).") : length;

    /// <summary>Little-endian two's complement integer of any width (LONG1/LONG4).</summary>
    private static object Long(byte[] bytes)
    {
        var value = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        return value >= long.MinValue && value <= long.MaxValue ? (long)value : value;
    }

    private static long ParseInt(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value)
            ? value : throw new PickleException($"'{text}' is not an integer.");

    private static double ParseFloat(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value : throw new PickleException($"'{text}' is not a float.");

    private static object ParseIntOrBool(string text) => text switch
    {
        "00" => false,
        "01" => true,
        _ => ParseInt(text),
    };

    private static string Latin1(byte[] bytes) => Encoding.Latin1.GetString(bytes);
}
