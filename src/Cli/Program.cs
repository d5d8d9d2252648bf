using KDTalker.Cli;
using KDTalker.Cli.Commands;

return CommandLine.Run(args, new ICommand[] { new InfoCommand(), new SelfTestCommand(), new ConvertCommand(), new WeightsInspectCommand(), new GenerateCommand(), new FacesCommand(), new BenchCommand(), new WorkerCommand() });
