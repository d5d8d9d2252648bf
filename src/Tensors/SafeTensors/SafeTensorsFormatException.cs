namespace KDTalker.Tensors.SafeTensors;

/// <summary>A safetensors file is malformed; the message names the file and the problem.</summary>
public sealed class SafeTensorsFormatException(string message, Exception? inner = null) : IOException(message, inner);
