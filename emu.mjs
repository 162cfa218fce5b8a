import { SlackEmulator } from "./dist/sandbox/emulator.js";
const fake = await SlackEmulator.start({ port: 47001 });
console.log(fake.url);
