// Registers tsx so that the TypeScript support and step files listed after this one can be imported.
import { register } from "tsx/esm/api";

register();
