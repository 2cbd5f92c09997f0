// The app's version: package.json's, put into the bundle by electron.vite.config.ts (`define`). Outside a build
// (unit tests) there is none.
declare const __BUGSCOPE_VERSION__: string | undefined

export const APP_VERSION: string = typeof __BUGSCOPE_VERSION__ === 'string' ? __BUGSCOPE_VERSION__ : 'development'
