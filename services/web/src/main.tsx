import { render } from 'preact';
import { App } from './app/App';
import './styles/app.css';

render(<App />, document.getElementById('app')!);
