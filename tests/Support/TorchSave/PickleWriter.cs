using System.Buffers.Binary;
using System.Text;

namespace KDTalker.Tests.Support.TorchSave;

/// <summary>
/// A protocol-2 pickle writer for the test side: emits the opcodes torch.save uses (BINUNICODE, BININT,
/// GLOBAL, REDUCE, BUILD, BINPERSID, MARK/SETITEMS/TUPLE, BINPUT/BINGET), independently of the reader.
/// </summary>
public sealed class PickleWriter
{
    private readonly MemoryStream _out = new();
    private readonly Dictionary<string, int> _globals = new();
    private readonly bool _legacy;

    public PickleWriter(bool legacyPersistentIds = false) => _legacy = legacyPersistentIds;

    public static byte[] Dump(object? value, bool legacyPersistentIds = false)
    {
        var writer = new PickleWriter(legacyPersistentIds);
        writer.Op(0x80).Op(2);
        writer.Write(value);
        writer.Op((byte)'.');
        return writer._out.ToArray();
    }

    private PickleWriter Op(byte b)
    {
        _out.WriteByte(b);
        return this;
    }

    private void Raw(ReadOnlySpan<byte> bytes) => _out.Write(bytes);

    private void Write(object? value)
    {
        switch (value)
        {
            case null: Op((byte)'N'); break;
            case bool b: Op(b ? (byte)0x88 : (byte)0x89); break;
            case int i: WriteInt(i); break;
            case long l: WriteInt(l); break;
            case System.Numerics.BigInteger big:
                var bytes = big.ToByteArray();
                Op(0x8a).Op((byte)bytes.Length);
                Raw(bytes);
                break;
            case string s:
                var utf8 = Encoding.UTF8.GetBytes(s);
                Op((byte)'X');
                Span<byte> length = stackalloc byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(length, utf8.Length);
                Raw(length);
                Raw(utf8);
                break;
            case object?[] tuple: WriteTuple(tuple); break;
            case List<object?> list:
                Op((byte)']').Op((byte)'(');
                foreach (var item in list)
                    Write(item);
                Op((byte)'e');
                break;
            case PlainDictValue dict:
                Op((byte)'}');
                WriteItems(dict.Items);
                break;
            case OrderedDictValue ordered:
                Global("collections", "OrderedDict");
                Op((byte)')').Op((byte)'R');
                WriteItems(ordered.Items);
                if (ordered.Metadata)
                {
                    Op((byte)'}');
                    WriteItems([new("_metadata", new OrderedDictValue([], Metadata: false))]);
                    Op((byte)'b');
                }
                break;
            case TensorValue tensor:
                Global("torch._utils", "_rebuild_tensor_v2");
                Op((byte)'(');
                object?[] id = _legacy
                    ? ["storage", null, tensor.StorageKey, "cpu", tensor.StorageElements, null]
                    : ["storage", null, tensor.StorageKey, "cpu", tensor.StorageElements];
                // The storage type is a GLOBAL inside the persistent id tuple.
                Op((byte)'(');
                Write(id[0]);
                Global("torch", tensor.StorageClass);
                foreach (var item in id[2..])
                    Write(item);
                Op((byte)'t').Op((byte)'Q');
                Write(tensor.Offset);
                WriteTuple(tensor.Shape.Cast<object?>().ToArray());
                WriteTuple(tensor.Stride.Cast<object?>().ToArray());
                Write(false);
                Write(new OrderedDictValue([], Metadata: false));
                Op((byte)'t').Op((byte)'R');
                break;
            case OpaqueValue opaque:
                Global(opaque.Module, opaque.Name);
                WriteTuple(opaque.Arguments);
                Op((byte)'R');
                if (opaque.State is not null)
                {
                    Write(opaque.State);
                    Op((byte)'b');
                }
                break;
            default:
                throw new ArgumentException($"Cannot pickle {value.GetType().Name}.");
        }
    }

    private void WriteItems(IReadOnlyList<KeyValuePair<string, object?>> items)
    {
        if (items.Count == 0)
            return;
        Op((byte)'(');
        foreach (var (key, value) in items)
        {
            Write(key);
            Write(value);
        }
        Op((byte)'u');
    }

    private void WriteTuple(object?[] items)
    {
        if (items.Length == 0)
        {
            Op((byte)')');
            return;
        }
        Op((byte)'(');
        foreach (var item in items)
            Write(item);
        Op((byte)'t');
    }

    private void WriteInt(long value)
    {
        if (value is >= 0 and < 256)
            Op((byte)'K').Op((byte)value);
        else if (value is >= int.MinValue and <= int.MaxValue)
        {
            Op((byte)'J');
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(bytes, (int)value);
            Raw(bytes);
        }
        else
        {
            Op(0x8a).Op(8);
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
            Raw(bytes);
        }
    }

    // torch memoizes globals; repeated ones come back with BINGET.
    private void Global(string module, string name)
    {
        string key = module + "\n" + name;
        if (_globals.TryGetValue(key, out int memo))
        {
            Op((byte)'h').Op((byte)memo);
            return;
        }
        Op((byte)'c');
        Raw(Encoding.ASCII.GetBytes(key + "\n"));
        if (_globals.Count < 256)
        {
            _globals[key] = _globals.Count;
            Op((byte)'q').Op((byte)(_globals.Count - 1));
        }
    }
}
