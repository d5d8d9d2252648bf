namespace KDTalker.WeightsConverter.Pytorch;

/// <summary>A checkpoint file that cannot be read; the message names the file and the problem.</summary>
public sealed class CheckpointFormatException(string message, Exception? inner = null) : IOException(message, inner);
