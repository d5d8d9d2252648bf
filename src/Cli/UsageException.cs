namespace KDTalker.Cli;

/// <summary>A command line that cannot be run, found after parsing (a missing folder, weights that are not there); the message says what to change.</summary>
internal sealed class UsageException(string message) : Exception(message);
